import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { withApiIds } from '../../src/events/event-outbox';
import { transitionEventType } from '../../src/pipeline/pipeline.rules';
import { ApplicationStatus } from '../../src/pipeline/pipeline.enums';
import { Random } from './prng';

/**
 * Bulk data straight into the tables (the API would take hours for 200,000 candidates), in multi-row
 * `INSERT … SELECT FROM unnest(…)` batches, satisfying every constraint of the schema. Values come from a seeded
 * generator, so every run builds the same data.
 */

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Yann',
  'Fei-Fei',
  'Geoffrey',
  'Andrew',
  'Daphne',
  'Ian',
  'Ilya',
  'Joelle',
  'Kai-Fu',
  'Lisa',
  'Michael',
  'Nando',
  'Oriol',
  'Pieter',
  'Quoc',
  'Rachel',
  'Sebastian',
  'Timnit',
  'Ursula',
  'Vladimir',
  'Wei',
  'Xiaoou',
  'Yoshua',
  'Zoubin',
  'Chelsea',
  'Demis',
  'Emily',
  'Hugo',
  'Jeff',
  'Koray',
  'Lukasz',
  'Meg',
  'Noam',
  'Percy',
  'Raia',
  'Shakir',
  'Tomas',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'LeCun',
  'Li',
  'Hinton',
  'Ng',
  'Koller',
  'Goodfellow',
  'Sutskever',
  'Pineau',
  'Lee',
  'Jordan',
  'de Freitas',
  'Vinyals',
  'Abbeel',
  'Le',
  'Thomas',
  'Thrun',
  'Gebru',
  'Franklin',
  'Vapnik',
  'Zhang',
  'Tang',
  'Bengio',
  'Ghahramani',
  'Finn',
  'Hassabis',
  'Bender',
  'Larochelle',
  'Dean',
  'Kavukcuoglu',
  'Kaiser',
  'Mitchell',
  'Shazeer',
  'Liang',
  'Hadsell',
  'Mohamed',
  'Mikolov',
  'Karpathy',
];
const HEADLINES = [
  'ML engineer, recommender systems',
  'Data scientist moving into MLOps',
  'Computer vision engineer (autonomous driving)',
  'NLP engineer, search and ranking',
  'Research engineer, LLM training',
  'Senior ML engineer, fraud detection',
  'ML platform engineer',
  'Applied scientist, ads ranking',
  'Deep learning engineer, speech',
  'Machine learning intern',
  'Analytics engineer learning ML',
  'Staff ML engineer, personalization',
];

export interface Taxonomy {
  ids: string[];
  names: string[];
  /** Popularity weights, most asked-for skills first. */
  weights: number[];
}

const POPULAR = [
  'Python',
  'SQL',
  'PyTorch',
  'TensorFlow',
  'Pandas',
  'NumPy',
  'scikit-learn',
  'Docker',
  'AWS',
  'Git',
  'Kubernetes',
  'Spark',
  'Statistics',
  'Feature engineering',
  'GCP',
];

export async function loadTaxonomy(pool: Pool): Promise<Taxonomy> {
  const { rows } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM skill ORDER BY name');
  const ranked = [
    ...POPULAR.map((name) => rows.find((r) => r.name === name)).filter(
      (r): r is { id: string; name: string } => !!r,
    ),
    ...rows.filter((r) => !POPULAR.includes(r.name)),
  ];
  return {
    ids: ranked.map((r) => r.id),
    names: ranked.map((r) => r.name),
    weights: ranked.map((_, rank) => 1 / Math.pow(rank + 1, 0.9)),
  };
}

export interface GeneratedCandidate {
  id: string;
  fullName: string;
  email: string;
}

/** A progress reporter that rewrites one stderr line. */
export function progress(label: string, total: number): (done: number) => void {
  const start = performance.now();
  let last = 0;
  return (done) => {
    const now = performance.now();
    if (done < total && now - last < 250) return;
    last = now;
    const pct = ((100 * done) / total).toFixed(0).padStart(3);
    const line = `  ${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${pct}%, ${((now - start) / 1000).toFixed(1)} s)`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    if (done >= total && process.stderr.isTTY) process.stderr.write('\n');
  };
}

/**
 * Inserts `count` candidates with 3–6 taxonomy skills each (popular skills more often), created over the past
 * two years. E-mails are `<tag>.<n>@bench.test`, unique per tag. Returns them in insertion order.
 */
export async function insertCandidates(
  pool: Pool,
  rng: Random,
  taxonomy: Taxonomy,
  count: number,
  tag: string,
  batchSize = 10_000,
): Promise<GeneratedCandidate[]> {
  const report = progress(`candidates (${tag})`, count);
  const out: GeneratedCandidate[] = [];
  const now = Date.UTC(2026, 10, 1);
  for (let offset = 0; offset < count; offset += batchSize) {
    const n = Math.min(batchSize, count - offset);
    const ids: string[] = [];
    const names: string[] = [];
    const emails: string[] = [];
    const headlines: string[] = [];
    const years: number[] = [];
    const created: string[] = [];
    const skillCandidate: string[] = [];
    const skillIds: string[] = [];
    const skillYears: number[] = [];
    const skillPositions: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = rng.uuid();
      const fullName = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      const email = `${tag}.${offset + i}@bench.test`;
      const experience = rng.int(0, 200) / 10;
      ids.push(id);
      names.push(fullName);
      emails.push(email);
      headlines.push(rng.pick(HEADLINES));
      years.push(experience);
      created.push(new Date(now - Math.floor(rng.next() * 730 * 86_400_000)).toISOString());
      const chosen = new Set<number>();
      const want = rng.int(3, 6);
      while (chosen.size < want) chosen.add(rng.weighted(taxonomy.weights));
      let position = 0;
      for (const skill of chosen) {
        skillCandidate.push(id);
        skillIds.push(taxonomy.ids[skill]);
        skillYears.push(Math.min(experience, rng.int(0, 100) / 10));
        skillPositions.push(position++);
      }
      out.push({ id, fullName, email });
    }
    await pool.query(
      `INSERT INTO candidate (id, full_name, email, headline, years_of_experience, created_at, updated_at, version, event_sequence)
       SELECT x.id, x.n, x.e, x.h, x.y, x.c, x.c, 1, 0
       FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::numeric[], $6::timestamptz[])
         AS x(id, n, e, h, y, c)`,
      [ids, names, emails, headlines, years, created],
    );
    await pool.query(
      `INSERT INTO candidate_skill (candidate_id, skill_id, years, position)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::numeric[], $4::smallint[])`,
      [skillCandidate, skillIds, skillYears, skillPositions],
    );
    report(offset + n);
  }
  return out;
}

export interface NewApplication {
  candidateId: string;
  stageId: string;
  status: ApplicationStatus;
  appliedAt: Date;
}

/**
 * Inserts applications of one requisition as if each had been created in its current stage and status: version
 * 1, event sequence 1, with the matching history entry (sequence 1) and `application.created` event (sequence 1),
 * so later moves continue both sequences without a gap. Returns the ids in input order.
 */
export async function insertApplications(
  pool: Pool,
  rng: Random,
  requisitionId: string,
  rows: NewApplication[],
  label: string,
  batchSize = 5_000,
): Promise<string[]> {
  const report = progress(`applications (${label})`, rows.length);
  const ids: string[] = [];
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    const appIds = batch.map(() => rng.uuid());
    const transitionIds = batch.map(() => rng.uuid());
    const at = batch.map((r) => r.appliedAt.toISOString());
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO application (id, candidate_id, requisition_id, stage_id, status, source_kind, source_detail,
                                  rejection_reason, applied_at, last_activity_at, version, event_sequence)
         SELECT x.id, x.c, $1, x.s, x.st, 'JOB_BOARD', 'LinkedIn',
                CASE WHEN x.st = 'REJECTED' THEN 'Not enough production ML experience' END, x.at, x.at, 1, 1
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::timestamptz[]) AS x(id, c, s, st, at)`,
        [
          requisitionId,
          appIds,
          batch.map((r) => r.candidateId),
          batch.map((r) => r.stageId),
          batch.map((r) => r.status),
          at,
        ],
      );
      await client.query(
        `INSERT INTO stage_transition (id, application_id, sequence, from_stage_id, to_stage_id, from_status, to_status,
                                       reason, actor, occurred_at)
         SELECT x.id, x.a, 1, NULL, x.s, NULL, x.st, 'Imported', 'bench', x.at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::timestamptz[]) AS x(id, a, s, st, at)`,
        [transitionIds, appIds, batch.map((r) => r.stageId), batch.map((r) => r.status), at],
      );
      const events = batch.map((r, i) =>
        JSON.stringify({
          ...withApiIds({
            applicationId: appIds[i],
            candidateId: r.candidateId,
            requisitionId,
            fromStageId: null,
            toStageId: r.stageId,
            fromStatus: null,
            toStatus: r.status,
            reason: 'Imported',
            transitionId: transitionIds[i],
          }),
          sequence: 1,
        }),
      );
      const extra = await eventColumns(pool);
      await client.query(
        `INSERT INTO event (type, aggregate_type, aggregate_id, sequence, data, actor, occurred_at${extra.columns})
         SELECT $1, 'application', x.a, 1, x.d, 'bench', x.at${extra.values('$5')}
         FROM unnest($2::uuid[], $3::jsonb[], $4::timestamptz[]) AS x(a, d, at)`,
        [transitionEventType(null, ApplicationStatus.ACTIVE), appIds, events, at, requisitionId],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    ids.push(...appIds);
    report(offset + batch.length);
  }
  return ids;
}

let eventColumnsOf: Promise<Set<string>> | null = null;

/**
 * Columns of `event` beyond the original ones, as the schema has them now: the feed's `transaction_id` (the
 * writing transaction, as the outbox stores it) and `requisition_id`. Returned as SQL fragments for an INSERT.
 */
export async function eventColumns(
  pool: Pool,
): Promise<{ columns: string; values: (requisitionParam: string) => string }> {
  eventColumnsOf ??= pool
    .query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'event'`,
    )
    .then(({ rows }) => new Set(rows.map((r) => r.column_name)));
  const present = await eventColumnsOf;
  const columns: string[] = [];
  const values: ((requisitionParam: string) => string)[] = [];
  if (present.has('transaction_id')) {
    columns.push('transaction_id');
    values.push(() => 'pg_current_xact_id()::text::bigint');
  }
  if (present.has('requisition_id')) {
    columns.push('requisition_id');
    values.push((param) => `${param}::uuid`);
  }
  return {
    columns: columns.map((c) => `, ${c}`).join(''),
    values: (param) => values.map((v) => `, ${v(param)}`).join(''),
  };
}
