import { UserErrorCode } from '../common/errors/user-error-code';
import { SalaryPeriod } from '../requisitions/requisition.enums';
import { ApprovalDecision, OfferStatus } from './offer.enums';
import {
  ApprovalStep,
  isCalendarDate,
  isRefusal,
  offerActionRefusal,
  OfferAction,
  outsidePayBand,
  statusAfterDecision,
  stepToDecide,
} from './offer.rules';

const band = { min: 120_000, max: 150_000, currency: 'USD', period: SalaryPeriod.YEAR };
const usd = (amount: number, period = SalaryPeriod.YEAR, currency = 'USD') => ({ amount, currency, period });

describe('outsidePayBand', () => {
  it.each<[string, ReturnType<typeof usd>, typeof band | null, boolean]>([
    ['at the minimum', usd(120_000), band, false],
    ['at the maximum', usd(150_000), band, false],
    ['inside', usd(135_000), band, false],
    ['a cent below', usd(119_999.99), band, true],
    ['above', usd(150_000.01), band, true],
    ['in another currency, same figure', usd(130_000, SalaryPeriod.YEAR, 'EUR'), band, true],
    ['currency in lower case', usd(130_000, SalaryPeriod.YEAR, 'usd'), band, false],
    ['for another period', usd(130_000, SalaryPeriod.MONTH), band, true],
    ['on a requisition without a range', usd(130_000), null, true],
  ])('%s → %s', (_label, base, range, expected) => {
    expect(outsidePayBand(base, range)).toBe(expected);
  });
});

describe('offerActionRefusal', () => {
  const allowed: Record<OfferAction, OfferStatus[]> = {
    update: [OfferStatus.DRAFT, OfferStatus.PENDING_APPROVAL],
    requestApproval: [OfferStatus.DRAFT],
    decide: [OfferStatus.PENDING_APPROVAL],
    send: [OfferStatus.APPROVED],
    respond: [OfferStatus.SENT],
    rescind: [OfferStatus.DRAFT, OfferStatus.PENDING_APPROVAL, OfferStatus.APPROVED, OfferStatus.SENT],
    expire: [OfferStatus.SENT],
  };
  const cases = (Object.keys(allowed) as OfferAction[]).flatMap((action) =>
    Object.values(OfferStatus).map((status) => [action, status, allowed[action].includes(status)] as const),
  );
  it.each(cases)('%s from %s → allowed: %s', (action, status, ok) => {
    const refusal = offerActionRefusal(action, status);
    if (ok) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ code: UserErrorCode.INVALID_STATUS_TRANSITION, field: ['id'] });
  });
});

describe('stepToDecide and statusAfterDecision', () => {
  const step = (
    position: number,
    approverId: string | null,
    decision = ApprovalDecision.PENDING,
  ): ApprovalStep => ({
    position,
    approverId,
    payBandStep: approverId === null,
    decision,
  });
  const chain = [step(1, 'alice'), step(2, 'bob'), step(3, null)];
  const user = (id: string, isAdmin = false) => ({ kind: 'user' as const, id, isAdmin });

  it.each<[string, ApprovalStep[], Parameters<typeof stepToDecide>[1], number | UserErrorCode]>([
    ['the first approver decides first', chain, user('alice'), 1],
    ['the second is refused before the first', chain, user('bob'), UserErrorCode.NOT_YOUR_TURN],
    ['an admin is refused an approver’s turn', chain, user('root', true), UserErrorCode.NOT_YOUR_TURN],
    ['someone outside the chain is refused', chain, user('eve'), UserErrorCode.NOT_YOUR_TURN],
    ['an API key is refused', chain, { kind: 'other' }, UserErrorCode.NOT_YOUR_TURN],
    [
      'then the second',
      [step(1, 'alice', ApprovalDecision.APPROVED), step(2, 'bob'), step(3, null)],
      user('bob'),
      2,
    ],
    [
      'the pay-band step is any admin’s',
      [step(1, 'alice', ApprovalDecision.APPROVED), step(2, 'bob', ApprovalDecision.APPROVED), step(3, null)],
      user('root', true),
      3,
    ],
    [
      'but not a non-admin’s',
      [step(1, 'alice', ApprovalDecision.APPROVED), step(2, 'bob', ApprovalDecision.APPROVED), step(3, null)],
      user('bob'),
      UserErrorCode.NOT_YOUR_TURN,
    ],
    [
      'nothing pending',
      [step(1, 'alice', ApprovalDecision.APPROVED)],
      user('alice'),
      UserErrorCode.INVALID_STATUS_TRANSITION,
    ],
  ])('%s', (_label, steps, decider, expected) => {
    const result = stepToDecide(steps, decider);
    if (typeof expected === 'number') expect(isRefusal(result) ? result : result.position).toBe(expected);
    else expect(isRefusal(result) && result.code).toBe(expected);
  });

  it.each<
    [string, ApprovalStep[], number, ApprovalDecision.APPROVED | ApprovalDecision.REJECTED, OfferStatus]
  >([
    ['an approval with more to come', chain, 1, ApprovalDecision.APPROVED, OfferStatus.PENDING_APPROVAL],
    ['a rejection anywhere', chain, 1, ApprovalDecision.REJECTED, OfferStatus.DRAFT],
    [
      'the last approval',
      [step(1, 'alice', ApprovalDecision.APPROVED), step(2, 'bob')],
      2,
      ApprovalDecision.APPROVED,
      OfferStatus.APPROVED,
    ],
  ])('%s → %s', (_label, steps, position, decision, expected) => {
    expect(
      statusAfterDecision(
        steps,
        steps.find((s) => s.position === position)!,
        decision,
      ),
    ).toBe(expected);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2027-01-15', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-13-01', false],
    ['2027-1-15', false],
    ['15/01/2027', false],
    ['2027-01-15T00:00:00Z', false],
  ])('%s → %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});
