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
