import { ProfileLinkKind } from '../candidates/candidate.enums';
import {
  CertificationInput,
  CreateCandidateInput,
  EducationInput,
  ProfileLinkInput,
} from '../candidates/dto/candidate.inputs';
import { LocationInput } from '../common/graphql/location.model';
import { ApplicationSourceKind, StageKind } from '../pipeline/pipeline.enums';
import { CreateRequisitionInput, RequisitionSkillInput } from '../requisitions/dto/requisition.inputs';
import {
  EmploymentType,
  JobLevel,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from '../requisitions/requisition.enums';
import { DEFAULT_STAGE_TEMPLATE } from '../pipeline/pipeline.rules';
import { SeededRandom } from './random';

/*
 * The demo data set, drawn from the article on machine-learning engineer jobs that DESIGN.md's domain comes from:
 * three ML requisitions and about sixty candidates moving through their pipelines. Everything here is a pure function of
 * a fixed seed and "now", so every run plans exactly the same data; seed-demo-data.ts writes it.
 */

/** Reserved for documentation (RFC 2606): demo candidates are easy to find and never mail a real person. */
export const DEMO_EMAIL_DOMAIN = 'demo.example.net';

/** Together with the titles below, the stable marker by which a later run recognises the demo requisitions. */
export const DEMO_DEPARTMENT = 'Applied Machine Learning';

export const DEMO_REQUISITION_TITLES = {
  intern: 'Machine Learning Engineer Intern',
  mid: 'Machine Learning Engineer',
  senior: 'Senior Machine Learning Engineer, Ranking & Recommendations',
} as const;

export type RequisitionKey = keyof typeof DEMO_REQUISITION_TITLES;

const PRNG_SEED = 0x5eed_ae01;
const DAY_MS = 86_400_000;
/** Applications arrive over the last eight weeks. */
const APPLICATION_WINDOW_DAYS = 56;
/** Nothing is planned closer to "now" than this, so every timestamp is safely in the past. */
const MIN_DAYS_AGO = 0.05;

export type StageCustomization =
  | { change: 'retype'; stage: string; name: string; kind: StageKind }
  | { change: 'add'; name: string; kind: StageKind; before: string };

export interface DemoRequisition {
  key: RequisitionKey;
  input: CreateRequisitionInput;
  /** How the hiring team reshapes the default pipeline before opening. */
  stageCustomizations: StageCustomization[];
  /** The live stages once customised, in order (the last one is the HIRED stage). */
  stageNames: string[];
  draftedAt: Date;
  customizedAt: Date;
  openedAt: Date;
}

export type Archetype =
  'STUDENT' | 'DATA_SCIENTIST' | 'SOFTWARE_ENGINEER' | 'ML_ENGINEER' | 'RECSYS_ENGINEER' | 'RESEARCHER';

export interface DemoCandidate {
  archetype: Archetype;
  input: CreateCandidateInput;
  createdAt: Date;
}

export type DemoStep =
  | { action: 'apply'; at: Date }
  | { action: 'move'; at: Date; stage: string }
  | { action: 'reject'; at: Date; reason: string }
  | { action: 'withdraw'; at: Date; reason: string };

export interface DemoApplication {
  candidateEmail: string;
  requisition: RequisitionKey;
  source: { kind: ApplicationSourceKind; detail: string | null };
  /** The first step is always 'apply'; each step writes exactly one stage transition. */
  steps: DemoStep[];
}

export interface DemoPlan {
  requisitions: DemoRequisition[];
  /** In order of creation. */
  candidates: DemoCandidate[];
  /** In order of application. */
  applications: DemoApplication[];
}

// --- requisitions (responsibilities and skills follow the article's lists) ---

const ARTICLE_RESPONSIBILITIES = {
  data: 'Collect, clean and preprocess large datasets, working with data scientists and analysts on data quality and relevance.',
  models:
    'Develop predictive models tailored to the problem, from simple regression baselines to deep learning networks.',
  tuning:
    'Optimise and tune models: experiment with hyperparameters, evaluate performance and refine for accuracy and efficiency.',
  deploy:
    'Deploy models into production so they handle large-scale data processing and give consistent results in live environments.',
  monitor:
    'Monitor models after deployment, analyse their performance over time and retrain them on new data to keep them accurate.',
  collaborate:
    'Collaborate with software developers, data scientists, product managers and business teams to align ML solutions with company goals.',
};

/** "A, B, C" → ['A', 'B', 'C']: keeps the long lists of names in this file readable. */
const listOf = (names: string): string[] => names.split(', ');

const SF: LocationInput = { city: 'San Francisco', region: 'CA', country: 'US' };
const NYC: LocationInput = { city: 'New York', region: 'NY', country: 'US' };

function stageNamesAfter(customizations: StageCustomization[]): string[] {
  const names = DEFAULT_STAGE_TEMPLATE.map((stage) => stage.name);
  for (const customization of customizations) {
    if (customization.change === 'retype') {
      names[names.indexOf(customization.stage)] = customization.name;
    } else {
      names.splice(names.indexOf(customization.before), 0, customization.name);
    }
  }
  return names;
}

/** A moment `daysAgo` days before `now`, at a fixed UTC hour, for the requisitions' own milestones. */
function daysAgoAt(now: Date, daysAgo: number, utcHour: number): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - daysAgo * DAY_MS;
  return new Date(day + utcHour * 3_600_000);
}

/** "A, B, C" → one requisition skill per name, in order; minimum years where given. */
function skillList(
  importance: SkillImportance,
  names: string,
  minYears: Record<string, number> = {},
): RequisitionSkillInput[] {
  return listOf(names).map((name) => ({ name, importance, minYears: minYears[name] ?? null }));
}

function planRequisitions(now: Date): DemoRequisition[] {
  const year = now.getUTCFullYear();
  const internCustomizations: StageCustomization[] = [
    // Interns are not asked to design ML systems; a small take-home project shows more of what they can do.
    { change: 'retype', stage: 'ML system design', name: 'Take-home project', kind: StageKind.TAKE_HOME },
  ];
  const seniorCustomizations: StageCustomization[] = [
    { change: 'add', name: 'Ranking deep dive', kind: StageKind.TECHNICAL, before: 'Onsite' },
  ];
  const requisition = (
    key: RequisitionKey,
    draftedDaysAgo: number,
    stageCustomizations: StageCustomization[],
    input: Omit<CreateRequisitionInput, 'title' | 'department'>,
  ): DemoRequisition => ({
    key,
    input: { title: DEMO_REQUISITION_TITLES[key], department: DEMO_DEPARTMENT, ...input },
    stageCustomizations,
    stageNames: stageNamesAfter(stageCustomizations),
    draftedAt: daysAgoAt(now, draftedDaysAgo, 16),
    customizedAt: daysAgoAt(now, draftedDaysAgo - 1, 18),
    openedAt: daysAgoAt(now, draftedDaysAgo - 3, 15),
  });
  return [
    requisition('intern', 68, internCustomizations, {
      description:
        `A twelve-week summer ${year + 1} internship on the Applied ML team. You will ship one model end to end with a ` +
        'mentor: from collecting and cleaning the data to putting the model in front of real users. Internships are ' +
        'how many of our machine learning engineers started.',
      level: JobLevel.INTERN,
      employmentType: EmploymentType.INTERNSHIP,
      headcount: 3,
      workplaceType: WorkplaceType.ON_SITE,
      locations: [SF],
      // Interns are paid by the hour; $45–55/h is about $94k–114k a year, in line with the article's band.
      salaryRange: { min: 45, max: 55, currency: 'USD', period: SalaryPeriod.HOUR },
      responsibilities: [
        ARTICLE_RESPONSIBILITIES.data,
        'Build and evaluate baseline models (linear regression, decision trees) before reaching for neural networks.',
        'Run hyperparameter experiments and write up what worked and what did not.',
        'Help deploy your model into production alongside a mentoring ML engineer.',
        'Present your project to data scientists, product managers and engineers at the end of the internship.',
      ],
      skills: [
        ...skillList(
          SkillImportance.REQUIRED,
          'Python, NumPy, Pandas, SQL, Linear regression, Decision trees, Neural networks, Git',
          { Python: 1 },
        ),
        ...skillList(
          SkillImportance.PREFERRED,
          'PyTorch, TensorFlow, Keras, Support vector machines, Java, C++, R, Docker',
        ),
      ],
      educationRequirement:
        'Currently enrolled in a BSc, MSc or PhD in computer science, data science, mathematics or AI, ' +
        `graduating in ${year + 1} or later.`,
    }),
    requisition('mid', 74, [], {
      description:
        'Machine Learning Engineers here work at the intersection of data science and software engineering: they ' +
        'design, build and deploy the models behind fraud detection and personalisation, and keep them healthy in ' +
        'production.',
      level: JobLevel.MID,
      employmentType: EmploymentType.FULL_TIME,
      headcount: 2,
      workplaceType: WorkplaceType.HYBRID,
      locations: [SF, NYC],
      salaryRange: { min: 105_000, max: 135_000, currency: 'USD', period: SalaryPeriod.YEAR },
      responsibilities: Object.values(ARTICLE_RESPONSIBILITIES),
      skills: [
        ...skillList(
          SkillImportance.REQUIRED,
          'Python, Linear regression, Decision trees, Neural networks, Support vector machines, PyTorch, ' +
            'Pandas, NumPy, SQL, Git, Docker, CI/CD, Model monitoring',
          { Python: 3, PyTorch: 2, SQL: 2 },
        ),
        ...skillList(
          SkillImportance.PREFERRED,
          'TensorFlow, Keras, Kubernetes, AWS, GCP, Azure, Spark, Hadoop, Java, C++, R',
        ),
      ],
      educationRequirement:
        'BSc or MSc in computer science, data science, mathematics or AI, or equivalent practical experience.',
    }),
    requisition('senior', 66, seniorCustomizations, {
      description:
        'Own the ranking and recommendation models behind our home feed and search. Recommendation systems are one ' +
        'of the places machine learning matters most to our users; you will lead their next generation and mentor ' +
        'the engineers building it.',
      level: JobLevel.SENIOR,
      employmentType: EmploymentType.FULL_TIME,
      headcount: 1,
      workplaceType: WorkplaceType.REMOTE,
      locations: [{ country: 'US' }, { country: 'CA' }],
      // The top of the article's $100k–150k band: senior pay starts where the mid-level range is well advanced.
      salaryRange: { min: 130_000, max: 150_000, currency: 'USD', period: SalaryPeriod.YEAR },
      responsibilities: [
        'Own the ranking and recommendation models for home feed and search: candidate generation, learning to rank and re-ranking.',
        'Design feature pipelines on Spark and Hadoop with data scientists and analysts, keeping training data clean and relevant.',
        ARTICLE_RESPONSIBILITIES.tuning,
        'Deploy ranking models to low-latency serving that handles large-scale traffic with consistent results.',
        'Build model monitoring (drift, feature freshness, online/offline skew) and retrain on new data to keep accuracy.',
        'Mentor ML engineers and align ranking objectives with product managers and business teams.',
      ],
      skills: [
        ...skillList(
          SkillImportance.REQUIRED,
          'Python, Recommender systems, Learning to rank, Neural networks, Gradient boosting, ' +
            'Feature engineering, PyTorch, Spark, SQL, Model deployment, Model monitoring, CI/CD',
          { Python: 5, 'Recommender systems': 3, 'Learning to rank': 2, PyTorch: 3, Spark: 2 },
        ),
        ...skillList(
          SkillImportance.PREFERRED,
          'TensorFlow, Hadoop, Kafka, GCP, AWS, Kubernetes, Java, C++, Scala',
        ),
      ],
      educationRequirement:
        'MSc or PhD in computer science, statistics or mathematics, or equivalent industry experience with ranking systems.',
    }),
  ];
}

// --- candidates ---

const FIRST_NAMES = (
  'Aisha Mateo Priya Wei Olivia Kwame Sofia Hiroshi Elena Diego Fatima Lukas Amara Noah ' +
  'Yuki Rahul Chloe Omar Ingrid Jamal Mei Santiago Nadia Arjun Grace Tomasz Leila Ethan ' +
  'Zanele Marco Ananya Daniel Hana Kofi Isabel Viktor Sara Jin Camila Ravi Emily Tariq ' +
  'Lucia Samuel Anika Felix Nia Alejandro Mira Oliver Ayumi Karim Julia Hassan Freya Minh ' +
  'Rosa Ibrahim Clara Dev'
).split(' ');

const LAST_NAMES = (
  'Okafor Fernandez Patel Chen Nguyen Kowalski Haddad Tanaka Mensah Rossi Schmidt Garcia ' +
  'Kim Iyer Johansson Silva Novak Ahmed Park Dubois Kaur Hernandez Sato Adeyemi Lindqvist ' +
  'Romero Cohen Wang Murphy Petrov Osei Martins Yilmaz Gupta Larsen Moreno Zhang Bianchi ' +
  'Walker Nakamura Owusu Reyes Fischer Singh Tran Alvarez Kruger Ali Li Costa Brennan ' +
  'Sharma Ito Mwangi Jensen Castillo Wu Rahman Keller Morales'
).split(' ');

interface Place {
  location: LocationInput;
  /** Area code for a fictional 555-01xx number; null where the candidate gave no phone. */
  areaCode: string | null;
  universities: string[];
}

const US_UNIVERSITIES = [
  'Stanford University',
  'University of California, Berkeley',
  'Carnegie Mellon University',
  'Georgia Institute of Technology',
  'University of Washington',
  'University of Texas at Austin',
  'University of Illinois Urbana-Champaign',
  'University of Michigan',
  'Columbia University',
  'New York University',
  'San Jose State University',
];
const CA_UNIVERSITIES = [
  'University of Toronto',
  'University of Waterloo',
  'McGill University',
  'University of British Columbia',
];

const placeOf = (
  city: string,
  region: string | null,
  country: string,
  areaCode: string | null,
  universities: string[],
  weight: number,
): readonly [Place, number] => [{ location: { city, region, country }, areaCode, universities }, weight];

const PLACES: readonly (readonly [Place, number])[] = [
  placeOf('San Francisco', 'CA', 'US', '415', US_UNIVERSITIES, 14),
  placeOf('Oakland', 'CA', 'US', '510', US_UNIVERSITIES, 4),
  placeOf('San Jose', 'CA', 'US', '408', US_UNIVERSITIES, 4),
  placeOf('Seattle', 'WA', 'US', '206', US_UNIVERSITIES, 7),
  placeOf('New York', 'NY', 'US', '212', US_UNIVERSITIES, 10),
  placeOf('Austin', 'TX', 'US', '512', US_UNIVERSITIES, 4),
  placeOf('Boston', 'MA', 'US', '617', US_UNIVERSITIES, 4),
  placeOf('Pittsburgh', 'PA', 'US', '412', US_UNIVERSITIES, 2),
  placeOf('Chicago', 'IL', 'US', '312', US_UNIVERSITIES, 3),
  placeOf('Toronto', 'ON', 'CA', '416', CA_UNIVERSITIES, 5),
  placeOf('Waterloo', 'ON', 'CA', '519', CA_UNIVERSITIES, 2),
  placeOf('Montreal', 'QC', 'CA', '514', CA_UNIVERSITIES, 2),
  placeOf('London', null, 'GB', null, ['Imperial College London', 'University College London'], 2),
  placeOf('Berlin', null, 'DE', null, ['Technical University of Munich', 'Humboldt University of Berlin'], 2),
  placeOf(
    'Bengaluru',
    'Karnataka',
    'IN',
    null,
    ['Indian Institute of Technology Bombay', 'Indian Institute of Science'],
    2,
  ),
];

type Degree = 'BSc' | 'MSc' | 'PhD';

interface ArchetypeProfile {
  count: number;
  years: readonly [min: number, max: number];
  /** Students' and researchers' headlines start with their latest degree; these complete them. */
  headlines: string[];
  coreSkills: string[];
  optionalSkills: string[];
  optionalSkillCount: readonly [min: number, max: number];
  degreePaths: readonly (readonly [Degree[], number])[];
  certificationChance: number;
  kaggleChance: number;
  tag: string;
}

const ARCHETYPES: Record<Archetype, ArchetypeProfile> = {
  STUDENT: {
    count: 16,
    years: [0, 1],
    headlines: [
      'Kaggle competitor',
      'interested in applied machine learning',
      'building NLP side projects',
      'open-source contributor to ML tooling',
      'looking for a first industry internship',
      'computer vision coursework and projects',
    ],
    coreSkills: ['Python', 'NumPy', 'Pandas', 'Linear regression', 'Git'],
    optionalSkills: listOf(
      'Decision trees, Neural networks, scikit-learn, PyTorch, TensorFlow, Keras, SQL, R, ' +
        'Support vector machines, Statistics, Computer vision, Natural language processing, ' +
        'Docker, Java, C++',
    ),
    optionalSkillCount: [3, 6],
    degreePaths: [
      [['BSc'], 6],
      [['BSc', 'MSc'], 5],
      [['BSc', 'PhD'], 1],
    ],
    certificationChance: 0.55,
    kaggleChance: 0.7,
    tag: 'student',
  },
  DATA_SCIENTIST: {
    count: 9,
    years: [2.5, 7],
    headlines: [
      'Data scientist moving into ML engineering',
      'Senior data scientist, forecasting and experimentation',
      'Data scientist, churn and fraud models',
      'Analytics engineer turned data scientist, Spark and SQL',
    ],
    coreSkills: ['Python', 'SQL', 'Pandas', 'Statistics', 'Linear regression'],
    optionalSkills: listOf(
      'R, NumPy, Logistic regression, Decision trees, Random forests, Gradient boosting, ' +
        'scikit-learn, Spark, Feature engineering, TensorFlow, Keras, Airflow, AWS, Hadoop, Git, ' +
        'Clustering',
    ),
    optionalSkillCount: [4, 8],
    degreePaths: [
      [['BSc', 'MSc'], 6],
      [['BSc'], 2],
      [['BSc', 'PhD'], 1],
    ],
    certificationChance: 0.45,
    kaggleChance: 0.6,
    tag: 'data-science',
  },
  SOFTWARE_ENGINEER: {
    count: 9,
    years: [3, 9],
    headlines: [
      'Backend engineer (Java) transitioning to ML engineering',
      'Software engineer, data platform, self-taught in deep learning',
      'C++ engineer, low-latency systems, moving into model serving',
      'Platform engineer, Kubernetes and CI/CD, now building ML pipelines',
    ],
    coreSkills: ['Python', 'Git', 'Docker', 'CI/CD'],
    optionalSkills: listOf(
      'Java, C++, Go, Scala, Kubernetes, AWS, GCP, Azure, Kafka, SQL, PyTorch, TensorFlow, ' +
        'Model deployment, Spark, Neural networks, NumPy',
    ),
    optionalSkillCount: [4, 8],
    degreePaths: [
      [['BSc'], 6],
      [['BSc', 'MSc'], 3],
    ],
    certificationChance: 0.5,
    kaggleChance: 0.2,
    tag: 'career-switch',
  },
  ML_ENGINEER: {
    count: 12,
    years: [2, 8],
    headlines: [
      'ML engineer, model deployment and monitoring',
      'Machine learning engineer, fraud detection',
      'MLOps engineer: Kubernetes, CI/CD and model serving',
      'ML engineer, computer vision in production',
      'Machine learning engineer, NLP and search',
    ],
    coreSkills: ['Python', 'PyTorch', 'Docker', 'Model deployment', 'Git'],
    optionalSkills: listOf(
      'TensorFlow, Keras, Kubernetes, CI/CD, Model monitoring, MLflow, Airflow, AWS, GCP, Azure, ' +
        'Spark, SQL, Pandas, NumPy, Feature engineering, Hyperparameter tuning, Neural networks, ' +
        'Gradient boosting, Decision trees, Support vector machines, Computer vision, ' +
        'Natural language processing, Java, C++',
    ),
    optionalSkillCount: [6, 10],
    degreePaths: [
      [['BSc', 'MSc'], 6],
      [['BSc'], 4],
      [['BSc', 'PhD'], 1],
    ],
    certificationChance: 0.6,
    kaggleChance: 0.35,
    tag: 'ml-engineering',
  },
  RECSYS_ENGINEER: {
    count: 8,
    years: [6, 13],
    headlines: [
      'Senior ML engineer, recommender systems',
      'Staff engineer, search ranking and learning to rank',
      'ML engineer, feed ranking at scale',
      'Recommendations tech lead (e-commerce)',
    ],
    coreSkills: ['Python', 'Recommender systems', 'Learning to rank', 'Spark', 'Feature engineering'],
    optionalSkills: listOf(
      'PyTorch, TensorFlow, Hadoop, Kafka, Scala, Java, C++, SQL, GCP, AWS, Kubernetes, ' +
        'Model monitoring, Model deployment, Gradient boosting, Neural networks, Airflow, CI/CD, ' +
        'Hyperparameter tuning',
    ),
    optionalSkillCount: [6, 10],
    degreePaths: [
      [['BSc', 'MSc'], 5],
      [['BSc', 'PhD'], 3],
      [['BSc'], 2],
    ],
    certificationChance: 0.35,
    kaggleChance: 0.25,
    tag: 'recsys',
  },
  RESEARCHER: {
    count: 6,
    years: [1, 6],
    headlines: [
      'postdoc in NLP',
      'moving from research to applied ML',
      'Bayesian modelling and causal inference',
      'deep learning for computer vision',
    ],
    coreSkills: ['Python', 'Neural networks', 'PyTorch', 'Statistics'],
    optionalSkills: listOf(
      'JAX, TensorFlow, Transformers, Natural language processing, Computer vision, ' +
        'Support vector machines, C++, R, NumPy, Hyperparameter tuning, Linear regression, Git, ' +
        'Recommender systems',
    ),
    optionalSkillCount: [4, 7],
    degreePaths: [
      [['BSc', 'MSc', 'PhD'], 3],
      [['BSc', 'PhD'], 2],
    ],
    certificationChance: 0.15,
    kaggleChance: 0.3,
    tag: 'research',
  },
};

const FIELDS_OF_STUDY: Record<Degree, string[]> = {
  BSc: ['Computer Science', 'Computer Science', 'Mathematics', 'Data Science', 'Statistics'],
  MSc: ['Data Science', 'Computer Science', 'Artificial Intelligence', 'Statistics', 'Mathematics'],
  PhD: ['Computer Science (Machine Learning)', 'Statistics', 'Mathematics', 'Computer Science'],
};

const STUDENT_CERTIFICATIONS = [
  { name: 'Machine Learning Specialization', issuer: 'Coursera (DeepLearning.AI and Stanford University)' },
  { name: 'Deep Learning Specialization', issuer: 'Coursera (DeepLearning.AI)' },
  { name: 'Machine Learning Engineer Nanodegree', issuer: 'Udacity' },
  { name: 'Deep Learning Nanodegree', issuer: 'Udacity' },
  { name: 'TensorFlow Developer Certificate', issuer: 'Google' },
];

const PROFESSIONAL_CERTIFICATIONS = [
  { name: 'Google Cloud Professional Machine Learning Engineer', issuer: 'Google Cloud' },
  { name: 'AWS Certified Machine Learning – Specialty', issuer: 'Amazon Web Services' },
  { name: 'Microsoft Certified: Azure AI Engineer Associate', issuer: 'Microsoft' },
  { name: 'Deep Learning Specialization', issuer: 'Coursera (DeepLearning.AI)' },
  { name: 'Machine Learning Engineer Nanodegree', issuer: 'Udacity' },
  { name: 'Certified Kubernetes Application Developer (CKAD)', issuer: 'The Linux Foundation' },
];

const CLOUD_ISSUERS = new Set(['Google Cloud', 'Amazon Web Services', 'Microsoft']);

const roundToHalf = (value: number) => Math.round(value * 2) / 2;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

interface CandidateDraft {
  archetype: Archetype;
  input: CreateCandidateInput;
}

function planEducation(
  rng: SeededRandom,
  archetype: Archetype,
  place: Place,
  years: number,
  year: number,
): EducationInput[] {
  const degrees = rng.weighted(ARCHETYPES[archetype].degreePaths);
  const last = degrees.length - 1;
  // Students are still studying; everyone else finished their last degree about when their career began.
  let graduationYear =
    archetype === 'STUDENT' ? year + rng.int(1, 2) : year - Math.floor(years) - rng.int(0, 1);
  const result: EducationInput[] = [];
  for (let i = last; i >= 0; i--) {
    const degree = degrees[i];
    result.unshift({
      institution: rng.pick(place.universities),
      degree,
      fieldOfStudy: rng.pick(
        // Data science degrees are a 2010s invention; older graduates studied something else.
        FIELDS_OF_STUDY[degree].filter((field) => field !== 'Data Science' || graduationYear >= 2017),
      ),
      graduationYear,
    });
    const previous = degrees[i - 1];
    if (previous) graduationYear -= degree === 'PhD' ? (previous === 'MSc' ? 4 : 5) : 2;
  }
  return result;
}

function planCandidates(rng: SeededRandom, now: Date): CandidateDraft[] {
  const year = now.getUTCFullYear();
  const firstNames = rng.shuffle(FIRST_NAMES);
  const lastNames = rng.shuffle(LAST_NAMES);
  const archetypes = (Object.keys(ARCHETYPES) as Archetype[]).flatMap((archetype) =>
    Array.from({ length: ARCHETYPES[archetype].count }, () => archetype),
  );
  return rng.shuffle(archetypes).map((archetype, index) => {
    const profile = ARCHETYPES[archetype];
    const first = firstNames[index];
    const last = lastNames[index];
    const handle = `${first}${last}`.toLowerCase() + (rng.chance(0.3) ? String(rng.int(1, 99)) : '');
    const place = rng.weighted(PLACES);
    const years = roundToHalf(rng.between(profile.years[0], profile.years[1]));
    const education = planEducation(rng, archetype, place, years, year);
    const latest = education[education.length - 1];
    const headline =
      archetype === 'STUDENT'
        ? `${latest.degree} ${latest.fieldOfStudy} student, ${rng.pick(profile.headlines)}`
        : archetype === 'RESEARCHER'
          ? `${latest.degree} in ${latest.fieldOfStudy}, ${rng.pick(profile.headlines)}`
          : rng.pick(profile.headlines);

    const skillNames = [
      ...profile.coreSkills,
      ...rng.sample(
        profile.optionalSkills,
        rng.int(profile.optionalSkillCount[0], profile.optionalSkillCount[1]),
      ),
    ];
    const skills = skillNames.map((name, i) => ({
      name,
      // Coursework counts for students; for others the main language spans the career, the rest less of it.
      years:
        archetype === 'STUDENT'
          ? roundToHalf(rng.between(0.5, 3))
          : Math.max(0.5, roundToHalf(years * (i === 0 ? rng.between(0.8, 1) : rng.between(0.3, 0.9)))),
    }));

    const certifications: CertificationInput[] = [];
    if (rng.chance(profile.certificationChance)) {
      const pool = archetype === 'STUDENT' ? STUDENT_CERTIFICATIONS : PROFESSIONAL_CERTIFICATIONS;
      for (const certification of rng.sample(pool, rng.int(1, 2))) {
        certifications.push({
          ...certification,
          issuedOn: isoDate(new Date(now.getTime() - rng.int(45, 1300) * DAY_MS)),
        });
      }
    }

    const links: ProfileLinkInput[] = [];
    if (rng.chance(0.9)) links.push({ kind: ProfileLinkKind.GITHUB, url: `https://github.com/${handle}` });
    if (rng.chance(profile.kaggleChance))
      links.push({ kind: ProfileLinkKind.KAGGLE, url: `https://www.kaggle.com/${handle}` });
    if (rng.chance(0.95)) {
      links.push({
        kind: ProfileLinkKind.LINKEDIN,
        url: `https://www.linkedin.com/in/${first}-${last}-${rng.int(1000, 9999)}`.toLowerCase(),
      });
    }
    if (archetype === 'RESEARCHER') {
      links.push({
        kind: ProfileLinkKind.GOOGLE_SCHOLAR,
        url: `https://scholar.google.com/citations?user=${handle}`,
      });
    }
    if (rng.chance(0.2)) links.push({ kind: ProfileLinkKind.PORTFOLIO, url: `https://${handle}.github.io` });

    const tags = [profile.tag];
    if (links.some((link) => link.kind === ProfileLinkKind.KAGGLE) && rng.chance(0.5)) tags.push('kaggle');
    if (rng.chance(0.25)) tags.push('open-source');
    if (certifications.some((c) => CLOUD_ISSUERS.has(c.issuer ?? ''))) tags.push('cloud-certified');

    const input: CreateCandidateInput = {
      fullName: `${first} ${last}`,
      email: `${first}.${last}@${DEMO_EMAIL_DOMAIN}`.toLowerCase(),
      // 555-0100 to 555-0199 are reserved for fiction in the North American numbering plan.
      phone: place.areaCode ? `+1 ${place.areaCode} 555 01${String(index).padStart(2, '0')}` : null,
      location: place.location,
      headline,
      yearsOfExperience: years,
      skills,
      education,
      certifications,
      links,
      tags,
      // Filled in once the applications are planned: consent is given when the candidate first applies.
      consentGivenAt: null,
      retainUntil: null,
    };
    return { archetype, input };
  });
}

// --- applications ---

const REFERRERS = [
  'Priya Raman (Ranking)',
  'Marcus Lee (ML Platform)',
  'Hannah Becker (Data Science)',
  'Tom Alvarez (Search)',
  'Yusuf Demir (Fraud ML)',
];

function planSource(rng: SeededRandom, archetype: Archetype): DemoApplication['source'] {
  const kind = rng.weighted<ApplicationSourceKind>([
    [ApplicationSourceKind.JOB_BOARD, 42],
    [ApplicationSourceKind.CAREER_PAGE, 18],
    [ApplicationSourceKind.REFERRAL, 13],
    [ApplicationSourceKind.EVENT, archetype === 'STUDENT' ? 18 : 8],
    [ApplicationSourceKind.SOURCED, archetype === 'RECSYS_ENGINEER' || archetype === 'RESEARCHER' ? 18 : 7],
    [ApplicationSourceKind.AGENCY, 2],
  ]);
  switch (kind) {
    case ApplicationSourceKind.JOB_BOARD:
      return {
        kind,
        detail: rng.weighted([
          ['LinkedIn', 40],
          ['Indeed', 25],
          ['Glassdoor', 20],
          ['Monster', 15],
        ]),
      };
    case ApplicationSourceKind.CAREER_PAGE:
      return { kind, detail: 'Careers page' };
    case ApplicationSourceKind.REFERRAL:
      return { kind, detail: `Referred by ${rng.pick(REFERRERS)}` };
    case ApplicationSourceKind.EVENT:
      return {
        kind,
        detail:
          archetype === 'STUDENT'
            ? rng.pick(['University career fair', 'PyData meetup', 'Grace Hopper Celebration'])
            : rng.pick([
                'RecSys conference',
                'MLOps World conference',
                'PyData meetup',
                'Bay Area ML meetup',
                'Women in Machine Learning workshop',
              ]),
      };
    case ApplicationSourceKind.SOURCED:
      return {
        kind,
        detail: rng.pick([
          'Sourced on GitHub (open-source contributions)',
          'Sourced on Kaggle (competition leaderboard)',
          'Sourced on LinkedIn',
        ]),
      };
    case ApplicationSourceKind.AGENCY:
      return { kind, detail: 'Northbeam Talent (agency)' };
  }
}

const REJECTION_REASONS: Record<string, string[]> = {
  Applied: [
    'Resume review: no hands-on model building beyond coursework',
    'Resume review: experience is mostly dashboards and BI, not machine learning',
    'Salary expectations well above the posted range',
    'Cannot work from any of the listed locations',
  ],
  'Recruiter screen': [
    'Recruiter screen: looking for a research-only role',
    'Recruiter screen: salary expectations above the range',
    'Recruiter screen: not interested in production and on-call work',
  ],
  'Technical screen': [
    'Technical screen: struggled with data manipulation in Pandas and NumPy',
    'Technical screen: could not explain bias/variance or regularisation',
    'Technical screen: coding exercise left incomplete',
  ],
  'ML system design': [
    'ML system design: no plan for monitoring or retraining after deployment',
    'ML system design: ignored data collection and labelling costs',
  ],
  'Take-home project': [
    'Take-home: data leakage between the training and test sets',
    'Take-home: model evaluated on training accuracy only',
  ],
  'Ranking deep dive': [
    'Ranking deep dive: little experience with learning-to-rank losses and offline metrics such as NDCG',
    'Ranking deep dive: could not reason about position bias in click logs',
  ],
  Onsite: [
    'Onsite: collaboration concerns raised by two interviewers',
    'Onsite: hiring committee preferred a candidate with more production experience',
  ],
};

const INTERN_REJECTION_REASONS = ['Recruiter screen: not available for the internship dates'];

const WITHDRAWAL_REASONS = [
  'Accepted another offer',
  'Accepted a counter-offer from current employer',
  'Decided not to relocate',
  'Personal reasons; asked to be considered again next year',
];
const INTERN_WITHDRAWAL_REASONS = [
  'Chose a research internship at their university instead',
  'Accepted another internship',
];
const OFFER_WITHDRAWAL_REASONS = [
  'Declined our offer: accepted a competing offer',
  'Declined our offer: compensation',
];

type Outcome = 'ACTIVE' | 'REJECTED' | 'WITHDRAWN' | 'HIRED';

interface JourneyIntent {
  outcome: Outcome;
  /** Index into the requisition's stages of where the application ends up (ignored for HIRED). */
  stageIndex: number;
  daysAgo: number;
  /** A forced journey must fit in time as planned; the builder fails loudly if it does not. */
  forced?: boolean;
}

/** Geometric weights: most applications end early in the funnel, a few go far. */
function funnelIndex(rng: SeededRandom, count: number, decay: number): number {
  return rng.weighted(Array.from({ length: count }, (_, i) => [i, decay ** i] as const));
}

function drawIntent(rng: SeededRandom, requisition: DemoRequisition): JourneyIntent {
  // Offer is the last stage before Hired; nobody is rejected at the offer, but some decline it.
  const offerIndex = requisition.stageNames.length - 2;
  const daysAgo = rng.between(MIN_DAYS_AGO * 4, APPLICATION_WINDOW_DAYS);
  const roll = rng.next();
  if (roll < 0.24) return { outcome: 'REJECTED', stageIndex: funnelIndex(rng, offerIndex, 0.65), daysAgo };
  if (roll < 0.31)
    return { outcome: 'WITHDRAWN', stageIndex: funnelIndex(rng, offerIndex + 1, 0.85), daysAgo };
  return { outcome: 'ACTIVE', stageIndex: funnelIndex(rng, offerIndex + 1, 0.72), daysAgo };
}

function planSteps(
  rng: SeededRandom,
  now: Date,
  requisition: DemoRequisition,
  intent: JourneyIntent,
): DemoStep[] {
  const at = (daysAgo: number) => new Date(now.getTime() - Math.round(daysAgo * DAY_MS));
  let daysAgo = intent.daysAgo;
  const steps: DemoStep[] = [{ action: 'apply', at: at(daysAgo) }];
  const target = intent.outcome === 'HIRED' ? requisition.stageNames.length - 1 : intent.stageIndex;
  for (let stage = 1; stage <= target; stage++) {
    const gap = stage === 1 ? rng.between(1, 5) : rng.between(2, 6);
    if (daysAgo - gap < MIN_DAYS_AGO) {
      // Not enough time has passed for this one to have got further: it is still in progress.
      if (intent.forced)
        throw new Error(`forced journey to ${intent.outcome} does not fit in ${intent.daysAgo} days`);
      return steps;
    }
    daysAgo -= gap;
    steps.push({ action: 'move', at: at(daysAgo), stage: requisition.stageNames[stage] });
  }
  if (intent.outcome === 'REJECTED' || intent.outcome === 'WITHDRAWN') {
    const gap = rng.between(0.5, 4);
    if (daysAgo - gap < MIN_DAYS_AGO) return steps;
    const stageName = requisition.stageNames[target];
    const isIntern = requisition.key === 'intern';
    const reason =
      intent.outcome === 'REJECTED'
        ? rng.pick([
            ...REJECTION_REASONS[stageName],
            ...(isIntern && stageName === 'Recruiter screen' ? INTERN_REJECTION_REASONS : []),
          ])
        : rng.pick(
            stageName === 'Offer'
              ? OFFER_WITHDRAWAL_REASONS
              : [...WITHDRAWAL_REASONS, ...(isIntern ? INTERN_WITHDRAWAL_REASONS : [])],
          );
    steps.push({
      action: intent.outcome === 'REJECTED' ? 'reject' : 'withdraw',
      at: at(daysAgo - gap),
      reason,
    });
  }
  return steps;
}

/** Which requisitions a candidate of each kind applies to. */
function targetsOf(rng: SeededRandom, draft: CandidateDraft): RequisitionKey[] {
  const years = draft.input.yearsOfExperience ?? 0;
  switch (draft.archetype) {
    case 'STUDENT':
      return ['intern'];
    case 'DATA_SCIENTIST':
    case 'SOFTWARE_ENGINEER':
      return ['mid'];
    case 'ML_ENGINEER':
      return years >= 5 && rng.chance(0.5) ? ['mid', 'senior'] : ['mid'];
    case 'RECSYS_ENGINEER':
      return rng.chance(0.25) ? ['senior', 'mid'] : ['senior'];
    case 'RESEARCHER':
      return years >= 4 ? ['senior'] : ['mid'];
  }
}

/** The whole demo data set for a given "now". Same `now`, same plan: nothing here reads the clock or the database. */
export function buildDemoPlan(now: Date): DemoPlan {
  const rng = new SeededRandom(PRNG_SEED);
  const requisitions = planRequisitions(now);
  const byKey = new Map(requisitions.map((r) => [r.key, r]));
  const drafts = planCandidates(rng, now);

  const planned = drafts.flatMap((draft) =>
    targetsOf(rng, draft).map((key) => ({
      draft,
      requisition: byKey.get(key)!,
      source: planSource(rng, draft.archetype),
      intent: drawIntent(rng, byKey.get(key)!),
    })),
  );
  // A demo pipeline should show its far end too: one hire on the mid-level role (headcount 2, so it stays open)
  // and one senior candidate holding an offer.
  const forceFirst = (key: RequisitionKey, archetype: Archetype, intent: Omit<JourneyIntent, 'forced'>) => {
    const single = (draft: CandidateDraft) => planned.filter((p) => p.draft === draft).length === 1;
    const chosen = planned.find(
      (p) => p.requisition.key === key && p.draft.archetype === archetype && single(p.draft),
    );
    if (!chosen) throw new Error(`no ${archetype} applies only to the ${key} requisition`);
    chosen.intent = { ...intent, forced: true };
  };
  forceFirst('mid', 'ML_ENGINEER', { outcome: 'HIRED', stageIndex: 0, daysAgo: 53 });
  const senior = byKey.get('senior')!;
  forceFirst('senior', 'RECSYS_ENGINEER', {
    outcome: 'ACTIVE',
    stageIndex: senior.stageNames.indexOf('Offer'),
    daysAgo: 47,
  });

  const applications: DemoApplication[] = planned.map((p) => ({
    candidateEmail: p.draft.input.email,
    requisition: p.requisition.key,
    source: p.source,
    steps: planSteps(rng, now, p.requisition, p.intent),
  }));
  applications.sort((a, b) => a.steps[0].at.getTime() - b.steps[0].at.getTime());

  const firstAppliedAt = new Map<string, Date>();
  for (const application of applications) {
    if (!firstAppliedAt.has(application.candidateEmail))
      firstAppliedAt.set(application.candidateEmail, application.steps[0].at);
  }
  const candidates = drafts
    .map((draft): DemoCandidate => {
      // The profile is entered a few minutes before the first application is filed.
      const createdAt = new Date(firstAppliedAt.get(draft.input.email)!.getTime() - rng.int(2, 20) * 60_000);
      const retainUntil = new Date(createdAt.getTime() + 2 * 365 * DAY_MS);
      return {
        archetype: draft.archetype,
        createdAt,
        input: { ...draft.input, consentGivenAt: createdAt, retainUntil },
      };
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  return { requisitions, candidates, applications };
}
