import { Fixtures } from './cases';
import { send } from './server';

const JSON_HEADERS = { 'content-type': 'application/json' };

async function gql(
  port: number,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<any> {
  const answer = await send(
    port,
    {
      method: 'POST',
      path: '/graphql',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    },
    30_000,
  );
  const body = JSON.parse(answer.body.toString('utf8'));
  if (body.errors?.length) throw new Error(`Fixture operation failed: ${JSON.stringify(body.errors)}`);
  for (const payload of Object.values(body.data as Record<string, any>)) {
    if (payload?.userErrors?.length)
      throw new Error(`Fixture operation refused: ${JSON.stringify(payload.userErrors)}`);
  }
  return body.data;
}

/** Every `id` anywhere in a value (global ids of what the fixtures made). */
function idsIn(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => idsIn(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'id' && typeof item === 'string') into.add(item);
      else idsIn(item, into);
    }
  }
  return into;
}

const databaseId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

/**
 * Records for requests to reach: the administrator signs in through the API (as a client would), makes an API key,
 * a requisition with a candidate's application, a job board of every kind with the requisition posted on each.
 * Everything goes through the public API, so the fixtures need nothing but the schema.
 */
export async function createFixtures(
  port: number,
  admin: { email: string; password: string },
): Promise<Fixtures> {
  const signIn = await send(
    port,
    { method: 'POST', path: '/v1/auth/token', headers: JSON_HEADERS, body: JSON.stringify(admin) },
    30_000,
  );
  if (signIn.status !== 200)
    throw new Error(`Sign-in failed (${signIn.status}): ${signIn.body.toString('utf8')}`);
  const adminToken = (JSON.parse(signIn.body.toString('utf8')) as { accessToken: string }).accessToken;
  const ids = new Set<string>();

  const scopes = await gql(port, adminToken, '{ __type(name: "Query") { name } viewer { id } }');
  idsIn(scopes, ids);
  const key = await gql(
    port,
    adminToken,
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret userErrors { code message } } }',
    {
      input: {
        name: 'fuzz',
        scopes: [
          'requisitions:read',
          'requisitions:write',
          'candidates:read',
          'candidates:write',
          'applications:write',
          'events:read',
          'job_boards:manage',
          'webhooks:manage',
        ],
      },
    },
  );
  idsIn(key, ids);

  const requisition = await gql(
    port,
    adminToken,
    `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { requisition { id stages { id } } userErrors { code message } } }`,
    {
      input: {
        title: 'Fuzzing Engineer',
        level: 'MID',
        workplaceType: 'HYBRID',
        locations: [{ city: 'San Francisco', region: 'CA', country: 'US' }],
        salaryRange: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' },
        skills: [{ name: 'Python', importance: 'REQUIRED', minYears: 3 }],
      },
    },
  );
  idsIn(requisition, ids);
  const requisitionId: string = requisition.createRequisition.requisition.id;
  await gql(
    port,
    adminToken,
    `mutation($input: RequisitionStatusInput!) { openRequisition(input: $input) { requisition { id } userErrors { code message } } }`,
    {
      input: { id: requisitionId },
    },
  );
  const candidate = await gql(
    port,
    adminToken,
    `mutation($input: CreateCandidateInput!) { createCandidate(input: $input) { candidate { id } userErrors { code message } } }`,
    {
      input: { fullName: 'Ada Fuzz', email: 'ada.fuzz@example.com', skills: [{ name: 'Python', years: 5 }] },
    },
  );
  idsIn(candidate, ids);
  const application = await gql(
    port,
    adminToken,
    `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } userErrors { code message } } }`,
    {
      input: {
        candidateId: candidate.createCandidate.candidate.id,
        requisitionId,
        source: { kind: 'JOB_BOARD', detail: 'Fuzz' },
      },
    },
  );
  idsIn(application, ids);

  const kinds = await gql(port, adminToken, '{ __type(name: "JobBoardKind") { enumValues { name } } }');
  const boards: Fixtures['boards'] = [];
  const boardIds: string[] = [];
  for (const { name: kind } of kinds.__type.enumValues as { name: string }[]) {
    const created = await gql(
      port,
      adminToken,
      'mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { jobBoard { id slug } secret userErrors { code message } } }',
      { input: { name: `Fuzz ${kind}`, slug: `fuzz-${kind.toLowerCase().replace(/_/g, '-')}`, kind } },
    );
    idsIn(created, ids);
    boards.push({ slug: created.createJobBoard.jobBoard.slug, secret: created.createJobBoard.secret, kind });
    boardIds.push(created.createJobBoard.jobBoard.id);
  }
  const published = await gql(
    port,
    adminToken,
    'mutation($input: PublishRequisitionInput!) { publishRequisition(input: $input) { postings { id } userErrors { code message } } }',
    { input: { requisitionId, boardIds } },
  );
  idsIn(published, ids);
  const postings = (published.publishRequisition.postings as { id: string }[]).map((posting) =>
    databaseId(posting.id),
  );

  // A webhook subscription if this machine lets the API accept its URL (it checks where the URL resolves).
  const subscriptionIds: string[] = [];
  const subscription = await send(
    port,
    {
      method: 'POST',
      path: '/v1/webhook-subscriptions',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ url: 'https://93.184.215.14/fuzz', eventTypes: ['application.stage_changed'] }),
    },
    30_000,
  );
  if (subscription.status === 201 || subscription.status === 200) {
    const body = JSON.parse(subscription.body.toString('utf8')) as { id?: string };
    if (body.id) subscriptionIds.push(body.id);
  }

  return {
    adminToken,
    apiKey: key.createApiKey.secret,
    globalIds: [...ids],
    pathValues: {
      slug: boards.map((board) => board.slug),
      postingId: postings,
      id: [...subscriptionIds, ...[...ids].slice(0, 3)],
    },
    boards,
  };
}
