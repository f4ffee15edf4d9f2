import { LocationValue } from '../common/location';
import { StageKind } from '../pipeline/pipeline.enums';
import { DEFAULT_STAGE_TEMPLATE } from '../pipeline/pipeline-stage.rules';
import { CreateRequisitionCommand, RequisitionSkillRequirement } from '../requisitions/requisition.commands';
import {
  EmploymentType,
  JobLevel,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from '../requisitions/requisition.enums';
import {
  DAY_MS,
  DEMO_DEPARTMENT,
  DEMO_REQUISITION_TITLES,
  DemoRequisition,
  listOf,
  RequisitionKey,
  StageCustomization,
} from './demo-plan';

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

const SF: LocationValue = { city: 'San Francisco', region: 'CA', country: 'US' };
const NYC: LocationValue = { city: 'New York', region: 'NY', country: 'US' };

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
): RequisitionSkillRequirement[] {
  return listOf(names).map((name) => ({ name, importance, minYears: minYears[name] ?? null }));
}

export function planRequisitions(now: Date): DemoRequisition[] {
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
    input: Omit<CreateRequisitionCommand, 'title' | 'department'>,
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
