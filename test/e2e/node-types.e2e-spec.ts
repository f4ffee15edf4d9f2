import { NodeRegistry } from '../../src/common/graphql/node-registry';
import {
  createApplication,
  createCandidate,
  createRequisition,
  databaseId,
  makeGlobalId,
  unique,
} from '../factories';
import { addMember, saveScorecard, scheduleInterview, slot } from '../factories/evaluation';
import { createJobBoard, publishRequisition } from '../factories/job-boards';
import { createTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The table behind each type that implements `Node`. A type the schema lists and this map lacks fails the test: a
 * new Node type has to say here where its records are, and then refetch through node(id) and nodes(ids).
 */
/** Rows of people erased by other files' tests answer null through node (they are gone for the API). */
const LIVE = 'candidate_id IN (SELECT id FROM candidate WHERE erased_at IS NULL)';
const OF_LIVE_APPLICATION = `application_id IN (SELECT id FROM application WHERE ${LIVE})`;

const TABLES: Record<string, string> = {
  Requisition: 'requisition',
  PipelineStage: 'pipeline_stage',
  Candidate: 'candidate WHERE erased_at IS NULL',
  Application: `application WHERE ${LIVE}`,
  StageTransition: 'stage_transition',
  Skill: 'skill',
  User: 'app_user',
  ApiKey: 'api_key',
  AuditEntry: 'audit_entry',
  Event: 'event',
  JobBoard: 'job_board',
  JobPosting: 'job_posting',
  InboundDelivery: 'inbound_delivery',
  WebhookSubscription: 'webhook_subscription',
  WebhookDelivery: 'webhook_delivery',
  Note: `note WHERE ${LIVE}`,
  Interview: `interview WHERE ${OF_LIVE_APPLICATION}`,
  // Drafts are their author's alone, administrators included (other files leave drafts in the table).
  Scorecard: `scorecard WHERE status = 'SUBMITTED' AND ${OF_LIVE_APPLICATION}`,
  RejectionReason: 'rejection_reason',
  Offer: `offer WHERE ${LIVE}`,
};

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('node walk '.repeat(20))]);

describe('Every Node type refetches through node(id) and nodes(ids)', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let nodeTypes: string[];
  let subscriptionId: string;
  let recruiter: { token: string };

  beforeAll(async () => {
    // No worker: the subscription below is only pinged, never sent this file's events.
    t = await createTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await WebhookReceiver.start();
    const schema = await t.gql<{ __type: { possibleTypes: { name: string }[] } }>(
      `{ __type(name: "Node") { possibleTypes { name } } }`,
    );
    nodeTypes = schema.data.__type.possibleTypes.map((type) => type.name).sort();

    // One record of every type, made through the API as an administrator would.
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    recruiter = await t.userWithRole('RECRUITER');
    await t.ok(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code message } } }`,
      { input: { applicationId: application.id, body: 'Node walk note.' } },
    );
    const interviewer = await t.userWithRole('INTERVIEWER');
    await addMember(t, requisition.id, interviewer.id, 'INTERVIEWER');
    const scheduled = await scheduleInterview(t, {
      applicationId: application.id,
      interviewerIds: [interviewer.id],
      ...slot(24),
    });
    expect(scheduled.userErrors).toEqual([]);
    const scorecard = await saveScorecard(t, interviewer.token, {
      interviewId: scheduled.interview.id,
      ratings: [],
      overallRecommendation: 'YES',
      // Submitted: an administrator never sees someone's draft.
      submit: true,
    });
    expect(scorecard.userErrors).toEqual([]);
    const offer = await t.ok<{ createOffer: { userErrors: unknown[] } }>(
      `mutation($input: CreateOfferInput!) { createOffer(input: $input) { offer { id } userErrors { code field message } } }`,
      {
        input: {
          applicationId: application.id,
          baseSalary: { amount: 140000, currency: 'USD', period: 'YEAR' },
          startDate: '2027-02-01',
          expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
          approverIds: [],
        },
      },
    );
    expect(offer.createOffer.userErrors).toEqual([]);
    await t.ok(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
      { input: { name: `node walk ${unique()}`, scopes: ['requisitions:read'] } },
    );
    const board = await createJobBoard(t, 'CAREER_PAGE', `Careers ${unique()}`);
    const [postingId] = await publishRequisition(t, requisition.id, [board.id]);
    const applied = await t.http
      .post(`/v1/boards/${board.slug}/jobs/${postingId}/applications`)
      .field('fullName', 'Grace Hopper')
      .field('email', `grace.${unique()}@example.com`)
      .field('consent', 'true')
      .attach('resume', PDF, 'grace.pdf');
    expect(applied.status).toBe(201);
    const subscribed = await t.ok<{ createWebhookSubscription: { webhookSubscription: { id: string } } }>(
      `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
         webhookSubscription { id } userErrors { code field message } } }`,
      { input: { url: receiver.url('/node-walk'), eventTypes: ['candidate.created'] } },
    );
    subscriptionId = subscribed.createWebhookSubscription.webhookSubscription.id;
    await t.ok(
      `mutation($input: WebhookSubscriptionIdInput!) { pingWebhookSubscription(input: $input) { userErrors { code } } }`,
      { input: { id: subscriptionId } },
    );
  }, 200_000);

  afterAll(async () => {
    await t.sql('DELETE FROM webhook_subscription WHERE id = $1', [databaseId(subscriptionId)]);
    await t.close();
    await receiver.stop();
  });

  it('the schema lists the Node types, each with its table here', () => {
    expect(nodeTypes.length).toBeGreaterThan(0);
    expect(nodeTypes.filter((type) => !(type in TABLES))).toEqual([]);
  });

  it('every Node type of the schema registers how to refetch it, and nothing else does', () => {
    expect([...t.app.get(NodeRegistry).registeredTypes()].sort()).toEqual(nodeTypes);
  });

  it('an administrator refetches one record of every type through node(id), then all at once through nodes(ids)', async () => {
    const ids: string[] = [];
    for (const type of nodeTypes) {
      const [row] = await t.sql<{ id: string }>(`SELECT id::text AS id FROM ${TABLES[type]} LIMIT 1`);
      expect({ type, found: row !== undefined }).toEqual({ type, found: true });
      ids.push(makeGlobalId(type, row.id));
    }
    for (const [i, id] of ids.entries()) {
      const one = await t.gql<{ node: { __typename: string; id: string } | null }>(
        `query($id: ID!) { node(id: $id) { __typename id } }`,
        { id },
      );
      expect(one.errors).toBeUndefined();
      expect(one.data.node).toEqual({ __typename: nodeTypes[i], id });
    }
    const all = await t.gql<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      { ids },
    );
    expect(all.errors).toBeUndefined();
    expect(all.data.nodes).toEqual(nodeTypes.map((type, i) => ({ __typename: type, id: ids[i] })));
  });

  it('an inbound delivery refetches for those who may list deliveries (who manage job boards), for nobody else', async () => {
    // Other files' deliveries share the table: this file's own is the career-page application it made.
    const [row] = await t.sql<{ id: string }>(
      `SELECT id::text AS id FROM inbound_delivery WHERE source = 'CAREER_PAGE' AND response_status = 201
       ORDER BY received_at DESC LIMIT 1`,
    );
    const id = makeGlobalId('InboundDelivery', row.id);
    const query = `query($id: ID!) { node(id: $id) { id ... on InboundDelivery { source responseStatus } } }`;
    const admin = await t.gql<{ node: unknown }>(query, { id });
    expect(admin.data.node).toEqual({ id, source: 'CAREER_PAGE', responseStatus: 201 });
    const refused = await t.gqlAs<{ node: unknown }>(recruiter.token, query, { id });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.node).toBeNull();
  });
});
