import { Archetype, listOf } from './demo-plan';

/*
 * Who applies: the kinds of candidate an ML role attracts, with the profiles, schools and certificates each brings.
 */

export type Degree = 'BSc' | 'MSc' | 'PhD';

export interface ArchetypeProfile {
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

export const ARCHETYPES: Record<Archetype, ArchetypeProfile> = {
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

export const FIELDS_OF_STUDY: Record<Degree, string[]> = {
  BSc: ['Computer Science', 'Computer Science', 'Mathematics', 'Data Science', 'Statistics'],
  MSc: ['Data Science', 'Computer Science', 'Artificial Intelligence', 'Statistics', 'Mathematics'],
  PhD: ['Computer Science (Machine Learning)', 'Statistics', 'Mathematics', 'Computer Science'],
};

export const STUDENT_CERTIFICATIONS = [
  { name: 'Machine Learning Specialization', issuer: 'Coursera (DeepLearning.AI and Stanford University)' },
  { name: 'Deep Learning Specialization', issuer: 'Coursera (DeepLearning.AI)' },
  { name: 'Machine Learning Engineer Nanodegree', issuer: 'Udacity' },
  { name: 'Deep Learning Nanodegree', issuer: 'Udacity' },
  { name: 'TensorFlow Developer Certificate', issuer: 'Google' },
];

export const PROFESSIONAL_CERTIFICATIONS = [
  { name: 'Google Cloud Professional Machine Learning Engineer', issuer: 'Google Cloud' },
  { name: 'AWS Certified Machine Learning – Specialty', issuer: 'Amazon Web Services' },
  { name: 'Microsoft Certified: Azure AI Engineer Associate', issuer: 'Microsoft' },
  { name: 'Deep Learning Specialization', issuer: 'Coursera (DeepLearning.AI)' },
  { name: 'Machine Learning Engineer Nanodegree', issuer: 'Udacity' },
  { name: 'Certified Kubernetes Application Developer (CKAD)', issuer: 'The Linux Foundation' },
];

export const CLOUD_ISSUERS = new Set(['Google Cloud', 'Amazon Web Services', 'Microsoft']);
