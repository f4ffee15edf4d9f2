import {
  createApplication,
  createCandidate,
  createRequisition,
  CreatedRequisition,
  databaseId,
  snapshotCounts,
} from '../factories';
import { addMember } from './permissions/world';
import { createTestApp, GraphQLResponse, TestApp, TestUser } from '../support/test-app';

const OFFER_FIELDS = `id status outsidePayBand payBand { min max currency period } baseSalary { amount currency period }
  signOnBonus { amount currency period } equity startDate version
  approvals { order decision payBandStep comment approver { id } }`;

/**
 * Offers through GraphQL: the approval chain in order with real users (approveOffer and rejectOffer are not
 * matrix rows: who may decide depends on the chain, not the role), what interviewers see (nothing), and bad input.
 */
describe('offers (GraphQL)', () => {
  let t: TestApp;
  let requisition: CreatedRequisition;
  let recruiter: TestUser;
  let manager: TestUser;
  let stranger: TestUser;
  let interviewer: TestUser;
  let offersKey: string;

  const mutate = (credential: string, name: string, inputType: string, input: Record<string, unknown>) =>
    t.gqlAs<any>(
      credential,
      `mutation($input: ${inputType}!) { ${name}(input: $input) { offer { ${OFFER_FIELDS} } userErrors { code field message existingId } } }`,
      { input },
    );
  const payload = (response: GraphQLResponse<any>, name: string) => {
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data[name];
  };
  const newOffer = async (extra: Record<string, unknown> = {}) => {
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    const created = payload(
      await mutate(t.adminToken, 'createOffer', 'CreateOfferInput', {
        applicationId: application.id,
        baseSalary: { amount: 140000, currency: 'USD', period: 'YEAR' },
        signOnBonus: { amount: 15000, currency: 'USD' },
        equity: '0.05% over 4 years, 1-year cliff',
        startDate: '2027-02-01',
        expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        approverIds: [recruiter.id, manager.id],
        ...extra,
      }),
      'createOffer',
    );
    expect(created.userErrors).toEqual([]);
    return { application, offer: created.offer };
  };

  beforeAll(async () => {
    t = await createTestApp();
    requisition = await createRequisition(t, { headcount: 5 });
    [recruiter, manager, stranger, interviewer] = await Promise.all([
      t.userWithRole('RECRUITER'),
      t.userWithRole('HIRING_MANAGER'),
      t.userWithRole('HIRING_MANAGER'),
      t.userWithRole('INTERVIEWER'),
    ]);
    await addMember(t, requisition.id, manager.id, 'HIRING_MANAGER');
    await addMember(t, requisition.id, interviewer.id, 'INTERVIEWER');
    const key = await t.ok<any>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
      { input: { name: 'offers', scopes: ['offers:read', 'offers:write'] } },
    );
    offersKey = key.createApiKey.secret;
  });
  afterAll(() => t.close());

  it('approvals go in order: NOT_YOUR_TURN for a later approver, a key, or an admin outside the chain', async () => {
    const { offer } = await newOffer();
    expect(offer).toMatchObject({
      status: 'DRAFT',
      outsidePayBand: false,
      payBand: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' },
      signOnBonus: { amount: 15000, currency: 'USD', period: null },
      startDate: '2027-02-01',
    });
    expect(offer.approvals.map((a: any) => [a.order, a.approver.id, a.decision])).toEqual([
      [1, recruiter.id, 'PENDING'],
      [2, manager.id, 'PENDING'],
    ]);
    payload(
      await mutate(t.adminToken, 'requestOfferApproval', 'OfferInput', { id: offer.id }),
      'requestOfferApproval',
    );

    for (const credential of [manager.token, offersKey, t.adminToken]) {
      const refused = payload(
        await mutate(credential, 'approveOffer', 'OfferDecisionInput', { id: offer.id }),
        'approveOffer',
      );
      expect(refused).toEqual({
        offer: null,
        userErrors: [expect.objectContaining({ code: 'NOT_YOUR_TURN', field: ['input', 'id'] })],
      });
    }
    // A hiring manager of another team cannot even find it; an interviewer may not decide offers at all.
    const hidden = payload(
      await mutate(stranger.token, 'approveOffer', 'OfferDecisionInput', { id: offer.id }),
      'approveOffer',
    );
    expect(hidden.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const forbidden = await mutate(interviewer.token, 'approveOffer', 'OfferDecisionInput', { id: offer.id });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const first = payload(
      await mutate(recruiter.token, 'approveOffer', 'OfferDecisionInput', {
        id: offer.id,
        comment: 'Within band',
      }),
      'approveOffer',
    );
    expect(first.offer.status).toBe('PENDING_APPROVAL');
    const second = payload(
      await mutate(manager.token, 'approveOffer', 'OfferDecisionInput', { id: offer.id }),
      'approveOffer',
    );
    expect(second.offer.status).toBe('APPROVED');
    expect(second.offer.approvals.map((a: any) => [a.decision, a.comment])).toEqual([
      ['APPROVED', 'Within band'],
      ['APPROVED', null],
    ]);
  });

  it('rejectOffer by the approver whose turn it is sends the offer back to DRAFT', async () => {
    const { offer } = await newOffer();
    payload(
      await mutate(t.adminToken, 'requestOfferApproval', 'OfferInput', { id: offer.id }),
      'requestOfferApproval',
    );
    const rejected = payload(
      await mutate(recruiter.token, 'rejectOffer', 'OfferDecisionInput', {
        id: offer.id,
        comment: 'Too high',
      }),
      'rejectOffer',
    );
    expect(rejected.offer.status).toBe('DRAFT');
    expect(rejected.offer.approvals[0]).toMatchObject({ decision: 'REJECTED', comment: 'Too high' });
  });

  it('outside the pay band: an admin step is appended, decided by any admin', async () => {
    const { offer } = await newOffer({
      baseSalary: { amount: 210000, currency: 'USD', period: 'YEAR' },
      approverIds: [recruiter.id],
    });
    expect(offer.outsidePayBand).toBe(true);
    expect(offer.approvals.map((a: any) => [a.order, a.payBandStep, a.approver?.id ?? null])).toEqual([
      [1, false, recruiter.id],
      [2, true, null],
    ]);
    payload(
      await mutate(t.adminToken, 'requestOfferApproval', 'OfferInput', { id: offer.id }),
      'requestOfferApproval',
    );
    payload(
      await mutate(recruiter.token, 'approveOffer', 'OfferDecisionInput', { id: offer.id }),
      'approveOffer',
    );
    const approved = payload(
      await mutate(t.adminToken, 'approveOffer', 'OfferDecisionInput', { id: offer.id }),
      'approveOffer',
    );
    expect(approved.offer.status).toBe('APPROVED');
    expect(approved.offer.approvals[1].approver.id).toEqual(expect.any(String));
  });

  it('interviewers see no offer, nor that one exists; events carry no amounts', async () => {
    const { offer, application } = await newOffer();
    const seen = await t.gqlAs<any>(
      interviewer.token,
      `query($id: ID!, $app: ID!) { offer(id: $id) { id } node(id: $id) { id } application(id: $app) { id offers { id } } }`,
      { id: offer.id, app: application.id },
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data).toEqual({ offer: null, node: null, application: { id: application.id, offers: null } });
    const list = await t.gqlAs<any>(interviewer.token, '{ offers(first: 5) { edges { node { id } } } }');
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const manager_ = await t.gqlAs<any>(manager.token, `query($id: ID!) { offer(id: $id) { id } }`, {
      id: offer.id,
    });
    expect(manager_.data?.offer).toEqual({ id: offer.id });

    const events = await t.sql<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM event WHERE aggregate_type = 'offer' AND aggregate_id = $1`,
      [databaseId(offer.id)],
    );
    expect(events.map((e) => e.type)).toEqual(['offer.created']);
    expect(events[0].data).toEqual({
      offerId: offer.id,
      applicationId: application.id,
      candidateId: expect.any(String),
      requisitionId: requisition.id,
      status: 'DRAFT',
      sequence: 1,
    });
  });

  it('OFFER_ALREADY_OPEN names the open offer', async () => {
    const { offer, application } = await newOffer();
    const again = payload(
      await mutate(t.adminToken, 'createOffer', 'CreateOfferInput', {
        applicationId: application.id,
        baseSalary: { amount: 140000, currency: 'USD', period: 'YEAR' },
        startDate: '2027-02-01',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
      'createOffer',
    );
    expect(again.userErrors).toEqual([
      expect.objectContaining({
        code: 'OFFER_ALREADY_OPEN',
        field: ['input', 'applicationId'],
        existingId: offer.id,
      }),
    ]);
  });

  describe('bad input: INVALID_INPUT naming the field, nothing written', () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      [
        'a currency that is not ISO 4217',
        { baseSalary: { amount: 1, currency: 'XYZ', period: 'YEAR' } },
        ['input', 'baseSalary', 'currency'],
      ],
      [
        'a negative salary',
        { baseSalary: { amount: -1, currency: 'USD', period: 'YEAR' } },
        ['input', 'baseSalary', 'amount'],
      ],
      [
        'a salary in fractions of a cent',
        { baseSalary: { amount: 140000.005, currency: 'USD', period: 'YEAR' } },
        ['input', 'baseSalary', 'amount'],
      ],
      [
        // Written with an exponent, it once crashed class-validator's decimal-places check (a 500 the fuzz test found).
        'a bonus of 1e-7',
        { signOnBonus: { amount: 1e-7, currency: 'USD' } },
        ['input', 'signOnBonus', 'amount'],
      ],
      [
        'a salary without period',
        { baseSalary: { amount: 1, currency: 'USD' } },
        ['input', 'baseSalary', 'period'],
      ],
      ['a start date that does not exist', { startDate: '2027-02-30' }, ['input', 'startDate']],
      ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, ['input', 'expiresAt']],
      ['an interviewer as approver', {}, ['input', 'approverIds', '0']],
      ['an equity text of 201 characters', { equity: 'x'.repeat(201) }, ['input', 'equity']],
    ];
    it.each(cases)('%s', async (label, overrides, field) => {
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const input = {
        applicationId: application.id,
        baseSalary: { amount: 140000, currency: 'USD', period: 'YEAR' },
        startDate: '2027-02-01',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        approverIds: label.includes('interviewer') ? [interviewer.id] : [],
        ...overrides,
      };
      const before = {
        ...(await snapshotCounts(t)),
        ...(await t.sql(`SELECT count(*)::int AS offers FROM offer`))[0],
      };
      const refused = payload(
        await mutate(t.adminToken, 'createOffer', 'CreateOfferInput', input),
        'createOffer',
      );
      expect(refused.offer).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field })]);
      const after = {
        ...(await snapshotCounts(t)),
        ...(await t.sql(`SELECT count(*)::int AS offers FROM offer`))[0],
      };
      expect(after).toEqual(before);
    });
  });
});
