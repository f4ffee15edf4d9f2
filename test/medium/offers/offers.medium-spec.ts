import { randomUUID } from 'node:crypto';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { UserRole } from '../../../src/identity/identity.enums';
import { UsersService } from '../../../src/identity/users.service';
import { ApprovalDecision, OfferResponse, OfferStatus } from '../../../src/offers/offer.enums';
import { OffersModule } from '../../../src/offers/offers.module';
import { OffersService } from '../../../src/offers/offers.service';
import { CreateOfferCommand } from '../../../src/offers/offer.commands';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { ApplicationStatus, StageKind } from '../../../src/pipeline/pipeline.enums';
import { SalaryPeriod } from '../../../src/requisitions/requisition.enums';
import { CreateRequisitionCommand } from '../../../src/requisitions/requisition.commands';
import { makeCandidate, makeMember, makeRequisition, refusal, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

const DAY = 86_400_000;
const RANGE = { min: 120_000, max: 150_000, currency: 'USD', period: SalaryPeriod.YEAR };

/** Offers against the real database: approval order, the pay band, accepting hires, expiry, and refusals. */
describe('offers (service and repository)', () => {
  let ctx: ServiceContext;
  let offers: OffersService;
  let applications: ApplicationsService;
  const department = `medium-offers-${randomUUID()}`;
  let admin: string;
  let alice: string;
  let bob: string;
  let interviewer: string;

  const user = async (role: UserRole) =>
    (
      await ctx.get(UsersService).create({
        email: `${role.toLowerCase()}.${randomUUID()}@requisite.test`,
        name: role,
        role,
        password: null,
      })
    ).id;
  const as = (id: string, isAdmin = false) => ({ kind: 'user' as const, id, isAdmin });
  const apply = async (overrides: Partial<CreateRequisitionCommand> = {}) => {
    const { requisition, stages } = await makeRequisition(ctx, department, {
      salaryRange: RANGE,
      ...overrides,
    });
    const candidate = await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    return { requisition, stages, application };
  };
  const terms = (applicationId: string, overrides: Partial<CreateOfferCommand> = {}): CreateOfferCommand => ({
    applicationId,
    baseSalary: { amount: 140_000, currency: 'USD', period: SalaryPeriod.YEAR },
    signOnBonus: { amount: 10_000, currency: 'USD', period: null },
    equity: '0.05% over 4 years',
    startDate: '2027-03-01',
    expiresAt: new Date(Date.now() + 7 * DAY),
    approverIds: [alice, bob],
    ...overrides,
  });
  const eventsOf = (offerId: string) =>
    ctx.sql<{ type: string; sequence: number; data: Record<string, unknown> }>(
      `SELECT type, sequence, data FROM event WHERE aggregate_type = 'offer' AND aggregate_id = $1 ORDER BY sequence`,
      [offerId],
    );
  const chainOf = (offerId: string) =>
    ctx.sql<{ position: number; approver_id: string | null; pay_band_step: boolean; decision: string }>(
      `SELECT position, approver_id, pay_band_step, decision FROM offer_approval WHERE offer_id = $1 ORDER BY position`,
      [offerId],
    );
  const offerRows = async () => {
    const [row] = await ctx.sql<{ offers: number; approvals: number; events: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM offer) AS offers, (SELECT count(*)::int FROM offer_approval) AS approvals,
              (SELECT count(*)::int FROM event WHERE aggregate_type = 'offer') AS events,
              (SELECT count(*)::int FROM audit_entry WHERE subject_type = 'offer') AS audit`,
    );
    return row;
  };

  beforeAll(async () => {
    ctx = await createServiceContext([OffersModule]);
    offers = ctx.get(OffersService);
    applications = ctx.get(ApplicationsService);
    admin = await user(UserRole.ADMIN);
    alice = await user(UserRole.RECRUITER);
    bob = await user(UserRole.RECRUITER);
    interviewer = await user(UserRole.INTERVIEWER);
  });
  afterAll(() => ctx.close());

  it('goes DRAFT → PENDING_APPROVAL → APPROVED in approval order → SENT → ACCEPTED, which hires', async () => {
    const { application, requisition, stages } = await apply({ headcount: 1 });
    const offer = await ctx.as(SYSTEM, () => offers.create(terms(application.id)));
    expect(offer).toMatchObject({ status: OfferStatus.DRAFT, outsidePayBand: false, version: 1 });
    await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));

    // Bob is second: refused until Alice approved.
    expect(
      await refusal(
        ctx.as(SYSTEM, () => offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(bob))),
      ),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.NOT_YOUR_TURN })]);
    const first = await ctx.as(SYSTEM, () =>
      offers.decide(ApprovalDecision.APPROVED, { id: offer.id, comment: 'Fair' }, as(alice)),
    );
    expect(first.status).toBe(OfferStatus.PENDING_APPROVAL);
    expect(
      await refusal(
        ctx.as(SYSTEM, () => offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(alice))),
      ),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.NOT_YOUR_TURN })]);
    const approved = await ctx.as(SYSTEM, () =>
      offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(bob)),
    );
    expect(approved.status).toBe(OfferStatus.APPROVED);
    expect((await chainOf(offer.id)).map((s) => s.decision)).toEqual(['APPROVED', 'APPROVED']);

    const sent = await ctx.as(SYSTEM, () => offers.markSent({ id: offer.id }));
    expect(sent.sentAt).toBeInstanceOf(Date);
    const accepted = await ctx.as(SYSTEM, () =>
      offers.recordResponse({ id: offer.id, response: OfferResponse.ACCEPTED }),
    );
    expect(accepted.status).toBe(OfferStatus.ACCEPTED);

    // The hire happened in the acceptance's transaction: HIRED stage, requisition FILLED at headcount 1.
    const [hired] = await ctx.sql<{ status: string; stage_id: string; tx: string }>(
      `SELECT status, stage_id, xmin::text AS tx FROM application WHERE id = $1`,
      [application.id],
    );
    const [offerRow] = await ctx.sql<{ tx: string }>(`SELECT xmin::text AS tx FROM offer WHERE id = $1`, [
      offer.id,
    ]);
    expect(hired).toMatchObject({
      status: ApplicationStatus.HIRED,
      stage_id: stages.find((s) => s.kind === StageKind.HIRED)!.id,
    });
    expect(hired.tx).toBe(offerRow.tx);
    const [req] = await ctx.sql<{ status: string; hired_count: number }>(
      `SELECT status, hired_count FROM requisition WHERE id = $1`,
      [requisition.id],
    );
    expect(req).toEqual({ status: 'FILLED', hired_count: 1 });

    // Events: ids and the status, never amounts; sequences gap-free.
    const events = await eventsOf(offer.id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['offer.created', 1],
      ['offer.approved', 2],
      ['offer.sent', 3],
      ['offer.accepted', 4],
    ]);
    for (const event of events) {
      expect(Object.keys(event.data).sort()).toEqual(
        ['applicationId', 'candidateId', 'offerId', 'requisitionId', 'sequence', 'status'].sort(),
      );
      expect(JSON.stringify(event.data)).not.toMatch(/140000|10000/);
    }
  });

  it('outside the pay band, an admin step is appended to the chain, which any admin decides last', async () => {
    const { application } = await apply();
    const offer = await ctx.as(SYSTEM, () =>
      offers.create(
        terms(application.id, {
          baseSalary: { amount: 180_000, currency: 'USD', period: SalaryPeriod.YEAR },
          approverIds: [alice],
        }),
      ),
    );
    expect(offer.outsidePayBand).toBe(true);
    expect(offer).toMatchObject({ payBandMin: 120_000, payBandMax: 150_000, payBandCurrency: 'USD' });
    expect((await chainOf(offer.id)).map((s) => [s.position, s.approver_id, s.pay_band_step])).toEqual([
      [1, alice, false],
      [2, null, true],
    ]);
    await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
    await ctx.as(SYSTEM, () => offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(alice)));
    // Alice is not an admin: the pay-band step is not hers.
    expect(
      await refusal(
        ctx.as(SYSTEM, () => offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(alice))),
      ),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.NOT_YOUR_TURN })]);
    const approved = await ctx.as(SYSTEM, () =>
      offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(admin, true)),
    );
    expect(approved.status).toBe(OfferStatus.APPROVED);
    const [adminStep] = await ctx.sql<{ decided_by_id: string }>(
      `SELECT decided_by_id FROM offer_approval WHERE offer_id = $1 AND pay_band_step`,
      [offer.id],
    );
    expect(adminStep.decided_by_id).toBe(admin);
  });

  it.each([
    ['another currency', { amount: 130_000, currency: 'EUR', period: SalaryPeriod.YEAR }],
    ['another period', { amount: 12_000, currency: 'USD', period: SalaryPeriod.MONTH }],
  ])('an offer in %s is outside the band', async (_label, baseSalary) => {
    const { application } = await apply();
    const offer = await ctx.as(SYSTEM, () =>
      offers.create(terms(application.id, { baseSalary, approverIds: [] })),
    );
    expect(offer.outsidePayBand).toBe(true);
  });

  it('inside the band with no approvers, requesting approval approves at once', async () => {
    const { application } = await apply();
    const offer = await ctx.as(SYSTEM, () => offers.create(terms(application.id, { approverIds: [] })));
    const approved = await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
    expect(approved.status).toBe(OfferStatus.APPROVED);
  });

  it('editing a PENDING_APPROVAL offer sends it back to DRAFT and clears its approvals; a rejection does too', async () => {
    const { application } = await apply();
    const offer = await ctx.as(SYSTEM, () => offers.create(terms(application.id)));
    await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
    await ctx.as(SYSTEM, () => offers.decide(ApprovalDecision.APPROVED, { id: offer.id }, as(alice)));
    const edited = await ctx.as(SYSTEM, () =>
      offers.update({
        id: offer.id,
        baseSalary: { amount: 145_000, currency: 'USD', period: SalaryPeriod.YEAR },
      }),
    );
    expect(edited).toMatchObject({ status: OfferStatus.DRAFT, baseSalaryAmount: 145_000 });
    expect((await chainOf(offer.id)).map((s) => s.decision)).toEqual(['PENDING', 'PENDING']);

    await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
    const rejected = await ctx.as(SYSTEM, () =>
      offers.decide(ApprovalDecision.REJECTED, { id: offer.id, comment: 'Too high' }, as(alice)),
    );
    expect(rejected.status).toBe(OfferStatus.DRAFT);
    expect(
      await refusal(ctx.as(SYSTEM, () => offers.update({ id: offer.id, expectedVersion: 1, equity: null }))),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.STALE_VERSION })]);
  });

  it('one offer that is not final per application; a rescinded one makes room for another', async () => {
    const { application } = await apply();
    const first = await ctx.as(SYSTEM, () => offers.create(terms(application.id)));
    expect(await refusal(ctx.as(SYSTEM, () => offers.create(terms(application.id))))).toEqual([
      expect.objectContaining({
        code: UserErrorCode.OFFER_ALREADY_OPEN,
        field: ['applicationId'],
        existing: { type: 'Offer', id: first.id },
      }),
    ]);
    await ctx.as(SYSTEM, () => offers.rescind({ id: first.id }));
    const second = await ctx.as(SYSTEM, () => offers.create(terms(application.id)));
    expect(second.status).toBe(OfferStatus.DRAFT);
  });

  it('two concurrent creates for one application: exactly one offer', async () => {
    const { application } = await apply();
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => ctx.as(SYSTEM, () => offers.create(terms(application.id)))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [row] = await ctx.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM offer WHERE application_id = $1`,
      [application.id],
    );
    expect(row.n).toBe(1);
  });

  it('accepting on a FILLED requisition is refused, and the offer stays SENT', async () => {
    const { requisition, application, stages } = await apply({ headcount: 1 });
    const candidate = await makeCandidate(ctx);
    const { application: other } = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    const offer = await ctx.as(SYSTEM, () => offers.create(terms(application.id, { approverIds: [] })));
    await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
    await ctx.as(SYSTEM, () => offers.markSent({ id: offer.id }));
    // Someone else is hired first: the requisition fills.
    const hiredStage = stages.find((s) => s.kind === StageKind.HIRED)!;
    await ctx.as(SYSTEM, () => applications.move({ id: other.id, stageId: hiredStage.id }));
    expect(
      await refusal(
        ctx.as(SYSTEM, () => offers.recordResponse({ id: offer.id, response: OfferResponse.ACCEPTED })),
      ),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.REQUISITION_CLOSED, field: ['id'] })]);
    const [row] = await ctx.sql<{ status: string }>(`SELECT status FROM offer WHERE id = $1`, [offer.id]);
    expect(row.status).toBe(OfferStatus.SENT);
  });

  it('a decline records its THEY_WITHDREW reason; the application stays ACTIVE', async () => {
    const { application } = await apply();
    const offer = await ctx.as(SYSTEM, () => offers.create(terms(application.id, { approverIds: [] })));
    await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
    await ctx.as(SYSTEM, () => offers.markSent({ id: offer.id }));
    const [reason] = await ctx.sql<{ id: string }>(
      `SELECT id FROM rejection_reason WHERE name = 'Accepted another offer'`,
    );
    const [wrong] = await ctx.sql<{ id: string }>(
      `SELECT id FROM rejection_reason WHERE name = 'Skills gap'`,
    );
    expect(
      await refusal(
        ctx.as(SYSTEM, () =>
          offers.recordResponse({ id: offer.id, response: OfferResponse.DECLINED, reasonId: wrong.id }),
        ),
      ),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['reasonId'] })]);
    const declined = await ctx.as(SYSTEM, () =>
      offers.recordResponse({ id: offer.id, response: OfferResponse.DECLINED, reasonId: reason.id }),
    );
    expect(declined).toMatchObject({ status: OfferStatus.DECLINED, declineReasonId: reason.id });
    const [app] = await ctx.sql<{ status: string }>(`SELECT status FROM application WHERE id = $1`, [
      application.id,
    ]);
    expect(app.status).toBe('ACTIVE');
  });

  it.each(['reject', 'withdraw'] as const)(
    'to %s the application rescinds its open offer in the same transaction; final ones stay as they are',
    async (action) => {
      const { application } = await apply();
      const declined = await ctx.as(SYSTEM, () => offers.create(terms(application.id, { approverIds: [] })));
      await ctx.as(SYSTEM, () => offers.requestApproval({ id: declined.id }));
      await ctx.as(SYSTEM, () => offers.markSent({ id: declined.id }));
      await ctx.as(SYSTEM, () =>
        offers.recordResponse({ id: declined.id, response: OfferResponse.DECLINED }),
      );
      const open = await ctx.as(SYSTEM, () => offers.create(terms(application.id)));
      await ctx.as(SYSTEM, () => applications.changeStatus(action, { id: application.id, reason: 'Gone' }));
      const rows = await ctx.sql<{ id: string; status: string; tx: string }>(
        `SELECT id, status, xmin::text AS tx FROM offer WHERE application_id = $1`,
        [application.id],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
        [declined.id]: OfferStatus.DECLINED,
        [open.id]: OfferStatus.RESCINDED,
      });
      const [app] = await ctx.sql<{ tx: string }>(`SELECT xmin::text AS tx FROM application WHERE id = $1`, [
        application.id,
      ]);
      expect(rows.find((r) => r.id === open.id)!.tx).toBe(app.tx);
      expect((await eventsOf(open.id)).map((e) => e.type)).toEqual(['offer.created', 'offer.rescinded']);
    },
  );

  it('the expiry job marks SENT offers past expiresAt EXPIRED, with their events, and leaves the rest', async () => {
    const { application: a } = await apply();
    const { application: b } = await apply();
    const due = await ctx.as(SYSTEM, () => offers.create(terms(a.id, { approverIds: [] })));
    const notDue = await ctx.as(SYSTEM, () => offers.create(terms(b.id, { approverIds: [] })));
    for (const offer of [due, notDue]) {
      await ctx.as(SYSTEM, () => offers.requestApproval({ id: offer.id }));
      await ctx.as(SYSTEM, () => offers.markSent({ id: offer.id }));
    }
    await ctx.sql(`UPDATE offer SET expires_at = now() - interval '1 minute' WHERE id = $1`, [due.id]);
    expect(await ctx.as(SYSTEM, () => offers.expireDue(1))).toBeGreaterThanOrEqual(1);
    const rows = await ctx.sql<{ id: string; status: string }>(
      `SELECT id, status FROM offer WHERE id = ANY($1)`,
      [[due.id, notDue.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [due.id]: OfferStatus.EXPIRED,
      [notDue.id]: OfferStatus.SENT,
    });
    expect((await eventsOf(due.id)).map((e) => e.type)).toEqual([
      'offer.created',
      'offer.approved',
      'offer.sent',
      'offer.expired',
    ]);
  });

  describe('bad input writes nothing', () => {
    const cases: [string, (applicationId: string) => Partial<CreateOfferCommand>, UserErrorCode, string[]][] =
      [
        [
          'an interviewer as approver',
          () => ({ approverIds: [interviewer] }),
          UserErrorCode.INVALID_INPUT,
          ['approverIds', '0'],
        ],
        [
          'an unknown approver',
          () => ({ approverIds: [randomUUID()] }),
          UserErrorCode.INVALID_INPUT,
          ['approverIds', '0'],
        ],
        [
          'an approver twice',
          () => ({ approverIds: [alice, alice] }),
          UserErrorCode.INVALID_INPUT,
          ['approverIds', '1'],
        ],
        [
          'a salary without period',
          () => ({ baseSalary: { amount: 1, currency: 'USD', period: null } }),
          UserErrorCode.INVALID_INPUT,
          ['baseSalary', 'period'],
        ],
        [
          'a zero salary',
          () => ({ baseSalary: { amount: 0, currency: 'USD', period: SalaryPeriod.YEAR } }),
          UserErrorCode.INVALID_INPUT,
          ['baseSalary', 'amount'],
        ],
        [
          'a bonus with a period',
          () => ({ signOnBonus: { amount: 1, currency: 'USD', period: SalaryPeriod.YEAR } }),
          UserErrorCode.INVALID_INPUT,
          ['signOnBonus', 'period'],
        ],
        [
          'a date that does not exist',
          () => ({ startDate: '2027-02-30' }),
          UserErrorCode.INVALID_INPUT,
          ['startDate'],
        ],
        [
          'an expiry in the past',
          () => ({ expiresAt: new Date(Date.now() - 1000) }),
          UserErrorCode.INVALID_INPUT,
          ['expiresAt'],
        ],
        [
          'an unknown application',
          () => ({ applicationId: randomUUID() }),
          UserErrorCode.NOT_FOUND,
          ['applicationId'],
        ],
      ];
    it.each(cases)('%s', async (_label, overrides, code, field) => {
      const { application } = await apply();
      const before = await offerRows();
      const refused = await refusal(
        ctx.as(SYSTEM, () => offers.create(terms(application.id, overrides(application.id)))),
      );
      expect(refused).toEqual([expect.objectContaining({ code, field })]);
      expect(await offerRows()).toEqual(before);
    });

    it('an offer on a rejected application', async () => {
      const { application } = await apply();
      await ctx.as(SYSTEM, () => applications.changeStatus('reject', { id: application.id, reason: 'No' }));
      const before = await offerRows();
      expect(await refusal(ctx.as(SYSTEM, () => offers.create(terms(application.id))))).toEqual([
        expect.objectContaining({ code: UserErrorCode.APPLICATION_NOT_ACTIVE, field: ['applicationId'] }),
      ]);
      expect(await offerRows()).toEqual(before);
    });

    it("a hiring manager beyond the requisition's team: the application is not found", async () => {
      const { application } = await apply();
      const stranger = await makeMember(ctx, []);
      expect(await refusal(ctx.as(SYSTEM, () => offers.create(terms(application.id), stranger)))).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['applicationId'] }),
      ]);
    });
  });
});
