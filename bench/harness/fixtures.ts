import type { BenchContext } from './types';

/** The database id behind an API id (the bench, like the tests, may peek; clients must not). */
export function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

export interface BenchRequisition {
  /** API id. */
  id: string;
  rawId: string;
  /** Live stages in order, with database ids. */
  stages: { id: string; rawId: string; name: string; kind: string }[];
}

const FIELDS = 'id stages { id name kind }';

/**
 * An OPEN requisition made through the API (so its stages, version, events and audit entries are exactly what
 * the application writes), optionally with extra stages added through the API too.
 */
export async function createOpenRequisition(
  ctx: BenchContext,
  title: string,
  options: { headcount?: number; extraStages?: { name: string; kind: string }[] } = {},
): Promise<BenchRequisition> {
  const created = await ctx.gql<any>(
    `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { requisition { ${FIELDS} } userErrors { code field message } } }`,
    {
      input: {
        title,
        level: 'SENIOR',
        headcount: options.headcount ?? 10,
        workplaceType: 'HYBRID',
        locations: [{ city: 'San Francisco', region: 'CA', country: 'US' }],
        salaryRange: { min: 180000, max: 240000, currency: 'USD', period: 'YEAR' },
        skills: [
          { name: 'Python', importance: 'REQUIRED', minYears: 3 },
          { name: 'PyTorch', importance: 'REQUIRED' },
          { name: 'Kubernetes', importance: 'PREFERRED' },
        ],
      },
    },
  );
  const id: string = created.createRequisition.requisition.id;
  for (const stage of options.extraStages ?? []) {
    await ctx.gql(
      `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) { stage { id } userErrors { code field message } } }`,
      { input: { requisitionId: id, ...stage } },
    );
  }
  const opened = await ctx.gql<any>(
    `mutation($input: RequisitionStatusInput!) { openRequisition(input: $input) { requisition { ${FIELDS} } userErrors { code field message } } }`,
    { input: { id } },
  );
  const stages = (
    opened.openRequisition.requisition.stages as { id: string; name: string; kind: string }[]
  ).map((s) => ({ ...s, rawId: rawId(s.id) }));
  return { id, rawId: rawId(id), stages };
}

/** Where two answers that should be byte-identical part ways, with some context (for error messages). */
export function describeDifference(mine: string, reference: string): string {
  let i = 0;
  while (i < mine.length && i < reference.length && mine[i] === reference[i]) i++;
  const from = Math.max(0, i - 200);
  return `first difference at byte ${i} of ${mine.length} / ${reference.length}:\n app: …${mine.slice(from, i + 200)}\n ref: …${reference.slice(from, i + 200)}`;
}
