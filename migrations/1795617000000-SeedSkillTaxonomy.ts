import { MigrationInterface, QueryRunner } from 'typeorm';

// The starting taxonomy, from what ML-engineer job descriptions ask for. Operators extend it with more rows;
// names and aliases are stored normalised (lower case, single spaces).
const TAXONOMY: [name: string, category: string, aliases: string[]][] = [
  ['Python', 'LANGUAGE', ['python3', 'py']],
  ['Java', 'LANGUAGE', []],
  ['C++', 'LANGUAGE', ['cpp', 'c plus plus']],
  ['R', 'LANGUAGE', ['r language', 'rstats']],
  ['SQL', 'LANGUAGE', ['structured query language', 'postgresql', 'mysql']],
  ['Scala', 'LANGUAGE', []],
  ['Go', 'LANGUAGE', ['golang']],
  ['Linear regression', 'ML', ['linear regressions']],
  ['Logistic regression', 'ML', []],
  ['Decision trees', 'ML', ['decision tree']],
  ['Random forests', 'ML', ['random forest']],
  ['Gradient boosting', 'ML', ['gbm', 'gradient boosted trees', 'xgboost', 'lightgbm']],
  ['Support vector machines', 'ML', ['svm', 'svms', 'support vector machine']],
  ['Neural networks', 'ML', ['neural network', 'nn']],
  ['Clustering', 'ML', ['k-means', 'kmeans']],
  ['Feature engineering', 'ML', []],
  ['Hyperparameter tuning', 'ML', ['hyperparameter optimization', 'hpo']],
  ['Recommender systems', 'ML', ['recsys', 'recommendation systems', 'recommender system']],
  ['Learning to rank', 'ML', ['ranking', 'ltr']],
  ['Natural language processing', 'ML', ['nlp']],
  ['Computer vision', 'ML', ['cv']],
  ['Statistics', 'ML', ['statistical modeling']],
  ['scikit-learn', 'ML', ['sklearn', 'scikit learn']],
  ['TensorFlow', 'DEEP_LEARNING', ['tensorflow2', 'tf']],
  ['PyTorch', 'DEEP_LEARNING', ['torch', 'py torch']],
  ['Keras', 'DEEP_LEARNING', []],
  ['JAX', 'DEEP_LEARNING', []],
  ['Transformers', 'DEEP_LEARNING', ['hugging face', 'huggingface']],
  ['Pandas', 'DATA', []],
  ['NumPy', 'DATA', ['numpy arrays']],
  ['Data preprocessing', 'DATA', ['data cleaning', 'data preparation']],
  ['AWS', 'CLOUD', ['amazon web services', 'sagemaker', 'aws sagemaker']],
  ['GCP', 'CLOUD', ['google cloud', 'google cloud platform', 'vertex ai']],
  ['Azure', 'CLOUD', ['microsoft azure', 'azure ml']],
  ['Spark', 'BIG_DATA', ['apache spark', 'pyspark']],
  ['Hadoop', 'BIG_DATA', ['apache hadoop', 'hdfs']],
  ['Kafka', 'BIG_DATA', ['apache kafka']],
  ['Git', 'MLOPS', ['github', 'version control']],
  ['Docker', 'MLOPS', ['containers']],
  ['Kubernetes', 'MLOPS', ['k8s']],
  ['CI/CD', 'MLOPS', ['cicd', 'continuous integration', 'continuous delivery']],
  ['Model monitoring', 'MLOPS', ['ml monitoring', 'model observability']],
  ['Model deployment', 'MLOPS', ['model serving', 'ml deployment']],
  ['MLflow', 'MLOPS', []],
  ['Airflow', 'MLOPS', ['apache airflow']],
];

export class SeedSkillTaxonomy1795617000000 implements MigrationInterface {
  name = 'SeedSkillTaxonomy1795617000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, category, aliases] of TAXONOMY) {
      await queryRunner.query(
        `INSERT INTO "skill" ("name", "normalized_name", "category", "aliases") VALUES ($1::varchar, lower($1::varchar), $2, $3)
         ON CONFLICT ("normalized_name") DO NOTHING`,
        [name, category, aliases],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "skill" WHERE "normalized_name" = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM "candidate_skill" WHERE "skill_id" = "skill"."id")
         AND NOT EXISTS (SELECT 1 FROM "requisition_skill" WHERE "skill_id" = "skill"."id")`,
      [TAXONOMY.map(([name]) => name.toLowerCase())],
    );
  }
}
