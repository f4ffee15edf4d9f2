import {
  changeApplicationStatus,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedRequisition,
  databaseId,
  moveApplication,
} from '../factories';
import { addMember } from './permissions/world';
import { createTestApp, TestApp, TestUser } from '../support/test-app';

const DAY0 = Date.UTC(2026, 0, 1);
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString();

const FUNNEL = `query($id: ID!) { node(id: $id) { ... on Requisition { funnel {
  stages { stage { name } entered current advanced rejected withdrawn conversionToNext medianDaysInStage p90DaysInStage }
  timeToHire { count median p90 } timeToFill { count median p90 } offerAcceptanceRate } } } }`;
const REPORT = `query($filter: HiringReportFilterInput) { hiringReport(filter: $filter) {
  requisitionCount sources { source applications reachedInterview offers hires conversion }
  rejectionReasons { reason { name category } count }
  timeToHire { count median p90 } timeToFill { count median p90 } offerAcceptanceRate } }`;

/**
 * A small pipeline whose history is dated through the database (not the clock), and every figure of its funnel,
 * hiring report and CSV checked against a count by hand (in the comments).
 */
describe('hiring reports', () => {
  let t: TestApp;
  let requisition: CreatedRequisition;
  let manager: TestUser;
  let interviewer: TestUser;
  let outsider: TestUser;
  let reportsKey: string;

  const reasonId = async (name: string) => {
    const [row] = await t.sql<{ id: string }>(`SELECT id FROM rejection_reason WHERE name = $1`, [name]);
    return Buffer.from(`RejectionReason:${row.id}`).toString('base64url');
  };
  /** Dates an application's history entries, in sequence order, and its applied_at as its first. */
  const date = async (applicationId: string, days: number[]) => {
    await t.sql(
      `UPDATE stage_transition t SET occurred_at = d.at FROM unnest($2::timestamptz[]) WITH ORDINALITY AS d(at, n)
       WHERE t.application_id = $1 AND t.sequence = d.n`,
      [databaseId(applicationId), days.map(day)],
    );
    await t.sql(`UPDATE application SET applied_at = $2 WHERE id = $1`, [
      databaseId(applicationId),
      day(days[0]),
    ]);
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM stage_transition WHERE application_id = $1`,
      [databaseId(applicationId)],
    );
    expect(n).toBe(days.length);
  };
  const stage = (name: string) => requisition.stages.find((s) => s.name === name)!.id;

  beforeAll(async () => {
    t = await createTestApp();
    requisition = await createRequisition(t, { headcount: 1, department: `reports-${Date.now()}` });
    const source = (kind: string) => ({ source: { kind } });
    const [ca, cb, cc, cd] = await Promise.all([0, 1, 2, 3].map(() => createCandidate(t)));
    const a = await createApplication(t, ca.id, requisition.id, source('JOB_BOARD'));
    const b = await createApplication(t, cb.id, requisition.id, source('REFERRAL'));
    const c = await createApplication(t, cc.id, requisition.id, source('REFERRAL'));
    const d = await createApplication(t, cd.id, requisition.id, source('SOURCED'));
    // B: Applied → Recruiter screen → rejected there (Skills gap).
    await moveApplication(t, { id: b.id, stageId: stage('Recruiter screen') });
    await changeApplicationStatus(t, 'reject', { id: b.id, reasonId: await reasonId('Skills gap') });
    // C: withdraws from Applied (Not interested).
    await changeApplicationStatus(t, 'withdraw', { id: c.id, reasonId: await reasonId('Not interested') });
    // D: Applied → Recruiter screen, still there.
    await moveApplication(t, { id: d.id, stageId: stage('Recruiter screen') });
    // A: Applied → screen → technical → (skips system design) onsite → offer → hired through an accepted offer.
    for (const name of ['Recruiter screen', 'Technical screen', 'Onsite', 'Offer']) {
      await moveApplication(t, { id: a.id, stageId: stage(name) });
    }
    const created = await t.ok<any>(
      `mutation($input: CreateOfferInput!) { createOffer(input: $input) { offer { id } userErrors { code field message } } }`,
      {
        input: {
          applicationId: a.id,
          baseSalary: { amount: 140000, currency: 'USD', period: 'YEAR' },
          startDate: '2026-03-01',
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      },
    );
    const offerId = created.createOffer.offer.id;
    for (const [mutation, inputType, extra] of [
      ['requestOfferApproval', 'OfferInput', {}],
      ['markOfferSent', 'OfferInput', {}],
      ['recordOfferResponse', 'RecordOfferResponseInput', { response: 'ACCEPTED' }],
    ] as const) {
      await t.ok(
        `mutation($input: ${inputType}!) { ${mutation}(input: $input) { offer { status } userErrors { code field message } } }`,
        { input: { id: offerId, ...extra } },
      );
    }
    // The dates, by hand (day 0 = 2026-01-01):
    await date(a.id, [0, 2, 5, 9, 12, 15]);
    await date(b.id, [1, 3, 4]);
    await date(c.id, [1, 2]);
    await date(d.id, [2, 6]);
    // Opened on day -1, filled (by A's hire) on day 15.
    await t.sql(
      `UPDATE event SET occurred_at = CASE data->>'toStatus' WHEN 'OPEN' THEN $2::timestamptz ELSE $3::timestamptz END
       WHERE aggregate_type = 'requisition' AND aggregate_id = $1 AND type = 'requisition.status_changed'`,
      [databaseId(requisition.id), day(-1), day(15)],
    );

    manager = await t.userWithRole('HIRING_MANAGER');
    await addMember(t, requisition.id, manager.id, 'HIRING_MANAGER');
    interviewer = await t.userWithRole('INTERVIEWER');
    await addMember(t, requisition.id, interviewer.id, 'INTERVIEWER');
    outsider = await t.userWithRole('HIRING_MANAGER');
    const key = await t.ok<any>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
      { input: { name: 'reports', scopes: ['reports:read'] } },
    );
    reportsKey = key.createApiKey.secret;
  });
  afterAll(() => t.close());

  // name, entered, current, advanced, rejected, withdrawn, conversionToNext, median days, p90 days
  const EXPECTED_STAGES: [
    string,
    number,
    number,
    number,
    number,
    number,
    number | null,
    number | null,
    number | null,
  ][] = [
    // A, B, C, D entered; A, B, D moved on, C withdrew. Stays: 2, 2, 1, 4 days → median 2, p90 2 + 0.7 × 2 = 3.4.
    ['Applied', 4, 0, 3, 0, 1, 0.75, 2, 3.4],
    // A, B, D entered; D is there; A moved on, B was rejected. Ended stays: A 3, B 1 → median 2, p90 1 + 0.9 × 2.
    ['Recruiter screen', 3, 1, 1, 1, 0, 1 / 3, 2, 2.8],
    ['Technical screen', 1, 0, 1, 0, 0, 1, 4, 4],
    // Nobody went through it (A skipped it).
    ['ML system design', 0, 0, 0, 0, 0, null, null, null],
    ['Onsite', 1, 0, 1, 0, 0, 1, 3, 3],
    ['Offer', 1, 0, 1, 0, 0, 1, 3, 3],
    // A is there, hired: the last stage has no conversion and its stay has not ended.
    ['Hired', 1, 1, 0, 0, 0, null, null, null],
  ];
  const expectedFunnel = {
    stages: EXPECTED_STAGES.map(
      ([name, entered, current, advanced, rejected, withdrawn, conversion, median, p90]) => ({
        stage: { name },
        entered,
        current,
        advanced,
        rejected,
        withdrawn,
        conversionToNext: conversion === null ? null : expect.closeTo(conversion, 6),
        medianDaysInStage: median === null ? null : expect.closeTo(median, 6),
        p90DaysInStage: p90 === null ? null : expect.closeTo(p90, 6),
      }),
    ),
    // A: created day 0, hired day 15. Opened day -1, filled day 15. One offer answered, accepted.
    timeToHire: { count: 1, median: 15, p90: 15 },
    timeToFill: { count: 1, median: 16, p90: 16 },
    offerAcceptanceRate: 1,
  };

  it('Requisition.funnel: every figure as counted by hand', async () => {
    const data = await t.ok<any>(FUNNEL, { id: requisition.id });
    expect(data.node.funnel).toEqual(expectedFunnel);
  });

  it('hiringReport: sources, reasons and times as counted by hand', async () => {
    const data = await t.ok<any>(REPORT, { filter: { requisitionIds: [requisition.id] } });
    expect(data.hiringReport).toEqual({
      requisitionCount: 1,
      sources: [
        // A reached Technical screen, was sent an offer and hired.
        { source: 'JOB_BOARD', applications: 1, reachedInterview: 1, offers: 1, hires: 1, conversion: 1 },
        {
          source: 'CAREER_PAGE',
          applications: 0,
          reachedInterview: 0,
          offers: 0,
          hires: 0,
          conversion: null,
        },
        { source: 'REFERRAL', applications: 2, reachedInterview: 0, offers: 0, hires: 0, conversion: 0 },
        { source: 'SOURCED', applications: 1, reachedInterview: 0, offers: 0, hires: 0, conversion: 0 },
        { source: 'AGENCY', applications: 0, reachedInterview: 0, offers: 0, hires: 0, conversion: null },
        { source: 'EVENT', applications: 0, reachedInterview: 0, offers: 0, hires: 0, conversion: null },
      ],
      rejectionReasons: expect.arrayContaining([
        { reason: { name: 'Skills gap', category: 'WE_REJECTED' }, count: 1 },
        { reason: { name: 'Not interested', category: 'THEY_WITHDREW' }, count: 1 },
      ]),
      timeToHire: { count: 1, median: 15, p90: 15 },
      timeToFill: { count: 1, median: 16, p90: 16 },
      offerAcceptanceRate: 1,
    });
    expect(data.hiringReport.rejectionReasons).toHaveLength(2);
  });

  it('hiringReport: from/to narrow to the applications that applied in the window', async () => {
    // From day 1: B, C (day 1) and D (day 2); A (day 0) is out, and with it the hire.
    const data = await t.ok<any>(REPORT, {
      filter: { requisitionIds: [requisition.id], from: day(1), to: day(2) },
    });
    const counts = Object.fromEntries(data.hiringReport.sources.map((s: any) => [s.source, s.applications]));
    expect(counts).toMatchObject({ JOB_BOARD: 0, REFERRAL: 2, SOURCED: 0 });
    expect(data.hiringReport.timeToHire).toEqual({ count: 0, median: null, p90: null });
  });

  it("reach: the team's hiring manager and a reports:read key see the figures; another manager none; an interviewer nothing", async () => {
    const mine = await t.gqlAs<any>(manager.token, FUNNEL, { id: requisition.id });
    expect(mine.data?.node.funnel).toEqual(expectedFunnel);
    const key = await t.gqlAs<any>(reportsKey, REPORT, { filter: { requisitionIds: [requisition.id] } });
    expect(key.data?.hiringReport.requisitionCount).toBe(1);

    const other = await t.gqlAs<any>(outsider.token, REPORT, {
      filter: { requisitionIds: [requisition.id] },
    });
    expect(other.data?.hiringReport).toMatchObject({ requisitionCount: 0, rejectionReasons: [] });
    expect(other.data?.hiringReport.sources.every((s: any) => s.applications === 0)).toBe(true);

    const denied = await t.gqlAs<any>(interviewer.token, REPORT, {});
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hidden = await t.gqlAs<any>(interviewer.token, FUNNEL, { id: requisition.id });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?.node).toEqual({ funnel: null });
  });

  it('GET /v1/reports/funnel.csv: the same numbers, RFC 4180, one row per stage in order', async () => {
    const response = await t.http
      .get(`/v1/reports/funnel.csv?requisitionId=${requisition.id}`)
      .set('authorization', `Bearer ${t.adminToken}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.text).toBe(
      [
        'stage,entered,current,advanced,rejected,withdrawn,conversionToNext,medianDaysInStage,p90DaysInStage',
        'Applied,4,0,3,0,1,0.75,2,3.4',
        'Recruiter screen,3,1,1,1,0,0.3333,2,2.8',
        'Technical screen,1,0,1,0,0,1,4,4',
        'ML system design,0,0,0,0,0,,,',
        'Onsite,1,0,1,0,0,1,3,3',
        'Offer,1,0,1,0,0,1,3,3',
        'Hired,1,1,0,0,0,,,',
        '',
      ].join('\r\n'),
    );
  });

  it('GET /v1/reports/sources.csv: one row per source; refusals are problem details', async () => {
    const response = await t.http
      .get(`/v1/reports/sources.csv?requisitionIds=${requisition.id}`)
      .set('authorization', `Bearer ${reportsKey}`);
    expect(response.status).toBe(200);
    expect(response.text.split('\r\n').slice(0, 3)).toEqual([
      'source,applications,reachedInterview,offers,hires,conversion',
      'JOB_BOARD,1,1,1,1,1',
      'CAREER_PAGE,0,0,0,0,',
    ]);

    const interviewerCsv = await t.http
      .get(`/v1/reports/funnel.csv?requisitionId=${requisition.id}`)
      .set('authorization', `Bearer ${interviewer.token}`);
    expect(interviewerCsv.status).toBe(403);
    expect(interviewerCsv.headers['content-type']).toMatch(/^application\/problem\+json/);
    const outsiderCsv = await t.http
      .get(`/v1/reports/funnel.csv?requisitionId=${requisition.id}`)
      .set('authorization', `Bearer ${outsider.token}`);
    expect(outsiderCsv.status).toBe(404);
    const missing = await t.http.get('/v1/reports/funnel.csv').set('authorization', `Bearer ${t.adminToken}`);
    expect(missing.status).toBe(400);
    const badLevels = await t.http
      .get('/v1/reports/sources.csv?levels=GURU')
      .set('authorization', `Bearer ${t.adminToken}`);
    expect(badLevels.status).toBe(400);
  });
});
