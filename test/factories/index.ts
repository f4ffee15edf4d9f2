import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/test-app';

let counter = 0;
const unique = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${randomUUID().slice(0, 6)}`;

export const REQUISITION_FIELDS = `id code title status level headcount hiredCount version
  salaryRange { min max currency period } stages { id name kind position }`;

export interface CreatedRequisition {
  id: string;
  code: string;
  status: string;
  version: number;
  stages: { id: string; name: string; kind: string; position: number }[];
}

export async function createRequisition(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  options: { open?: boolean } = { open: true },
): Promise<CreatedRequisition> {
  const data = await t.ok<{ createRequisition: { requisition: CreatedRequisition } }>(
    `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { requisition { ${REQUISITION_FIELDS} } userErrors { code field message } } }`,
    {
      input: {
        title: `Machine Learning Engineer ${unique()}`,
        level: 'MID',
        workplaceType: 'HYBRID',
        locations: [{ city: 'San Francisco', region: 'CA', country: 'US' }],
        salaryRange: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' },
        skills: [
          { name: 'Python', importance: 'REQUIRED', minYears: 3 },
          { name: 'torch', importance: 'REQUIRED' },
          { name: 'Kubernetes', importance: 'PREFERRED' },
        ],
        ...overrides,
      },
    },
  );
  let requisition = data.createRequisition.requisition;
  if (options.open !== false) {
    const opened = await t.ok<{ openRequisition: { requisition: CreatedRequisition } }>(
      `mutation($input: RequisitionStatusInput!) { openRequisition(input: $input) { requisition { ${REQUISITION_FIELDS} } userErrors { code } } }`,
      { input: { id: requisition.id } },
    );
    requisition = opened.openRequisition.requisition;
  }
  return requisition;
}

export interface CreatedCandidate {
  id: string;
  email: string;
  fullName: string;
  version: number;
}

export async function createCandidate(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<CreatedCandidate> {
  const data = await t.ok<{ createCandidate: { candidate: CreatedCandidate } }>(
    `mutation($input: CreateCandidateInput!) { createCandidate(input: $input) { candidate { id email fullName version } userErrors { code field message } } }`,
    {
      input: {
        fullName: `Ada Lovelace ${unique()}`,
        email: `ada.${unique()}@example.com`,
        headline: 'ML engineer, recommender systems',
        yearsOfExperience: 4,
        skills: [
          { name: 'Python', years: 5 },
          { name: 'PyTorch', years: 3 },
        ],
        links: [{ kind: 'GITHUB', url: 'https://github.com/ada' }],
        ...overrides,
      },
    },
  );
  return data.createCandidate.candidate;
}

export interface CreatedApplication {
  id: string;
  status: string;
  version: number;
  stage: { id: string; name: string; kind: string };
}

export const APPLICATION_FIELDS = 'id status version rejectionReason stage { id name kind }';

export async function createApplication(
  t: TestApp,
  candidateId: string,
  requisitionId: string,
  extra: Record<string, unknown> = {},
): Promise<CreatedApplication> {
  const data = await t.ok<{ createApplication: { application: CreatedApplication } }>(
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { ${APPLICATION_FIELDS} } userErrors { code field message } } }`,
    { input: { candidateId, requisitionId, source: { kind: 'JOB_BOARD', detail: 'Indeed' }, ...extra } },
  );
  return data.createApplication.application;
}

/** Counts rows of a table matching a condition (to prove that refused mutations wrote nothing). */
export async function countRows(
  t: TestApp,
  table: string,
  where = 'TRUE',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return row.n;
}

/** Row counts of every table a mutation could write, for "nothing was written" assertions. */
export async function snapshotCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = [
    'requisition',
    'requisition_skill',
    'pipeline_stage',
    'candidate',
    'candidate_skill',
    'application',
    'stage_transition',
    'event',
    'skill',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(t, table);
  return counts;
}

export { unique };

/** The database id behind an opaque global id (tests only: clients must not parse ids). */
export function databaseId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

/** A global id as the API would build it, e.g. to name a record of the wrong type or one that does not exist. */
export function makeGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface StoredEvent {
  type: string;
  aggregateType: string;
  sequence: number;
  data: Record<string, unknown>;
}

/** The outbox events of one aggregate (by global id), in sequence order. */
export async function eventsOf(t: TestApp, globalId: string): Promise<StoredEvent[]> {
  return t.sql<StoredEvent>(
    `SELECT type, aggregate_type AS "aggregateType", sequence, data FROM event
     WHERE aggregate_id = $1 ORDER BY sequence`,
    [databaseId(globalId)],
  );
}

/** Runs openRequisition / holdRequisition / closeRequisition and returns the payload (user errors included). */
export async function changeRequisitionStatus(
  t: TestApp,
  action: 'open' | 'hold' | 'close',
  input: Record<string, unknown>,
): Promise<{ requisition: { id: string; status: string; version: number } | null; userErrors: any[] }> {
  const name = `${action}Requisition`;
  const response = await t.gql<Record<string, any>>(
    `mutation($input: RequisitionStatusInput!) { ${name}(input: $input) {
       requisition { id status version hiredCount headcount } userErrors { code field message } } }`,
    { input },
  );
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data[name];
}

export const TRANSITION_FIELDS =
  'id sequence fromStatus toStatus reason fromStage { id name } toStage { id name }';

/** Runs moveApplication and returns the payload (user errors included). */
export async function moveApplication(
  t: TestApp,
  input: Record<string, unknown>,
): Promise<{ application: any; transition: any; userErrors: any[] }> {
  const response = await t.gql<{ moveApplication: any }>(
    `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) {
       application { ${APPLICATION_FIELDS} } transition { ${TRANSITION_FIELDS} } userErrors { code field message } } }`,
    { input },
  );
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data.moveApplication;
}

/** Runs rejectApplication / reopenApplication / withdrawApplication and returns the payload. */
export async function changeApplicationStatus(
  t: TestApp,
  action: 'reject' | 'reopen' | 'withdraw',
  input: Record<string, unknown>,
): Promise<{ application: any; transition: any; userErrors: any[] }> {
  const name = `${action}Application`;
  const inputType = `${action[0].toUpperCase()}${action.slice(1)}ApplicationInput`;
  const response = await t.gql<Record<string, any>>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) {
       application { ${APPLICATION_FIELDS} } transition { ${TRANSITION_FIELDS} } userErrors { code field message } } }`,
    { input },
  );
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data[name];
}
