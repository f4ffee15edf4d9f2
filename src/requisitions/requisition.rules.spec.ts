import { UserErrorCode } from '../common/errors/user-error-code';
import { RequisitionStatus as S } from './requisition.enums';
import {
  headcountErrors,
  nextStatus,
  salaryRangeErrors,
  statusAfterHire,
  StatusAction,
} from './requisition.rules';

describe('nextStatus', () => {
  const open = { headcount: 2, hiredCount: 0 };
  const full = { headcount: 2, hiredCount: 2 };
  const raised = { headcount: 3, hiredCount: 2 };
  it.each<[S, StatusAction, typeof open, S | null]>([
    [S.DRAFT, 'open', open, S.OPEN],
    [S.DRAFT, 'hold', open, null],
    [S.DRAFT, 'close', open, S.CLOSED],
    [S.OPEN, 'open', open, null],
    [S.OPEN, 'hold', open, S.ON_HOLD],
    [S.OPEN, 'close', open, S.CLOSED],
    [S.ON_HOLD, 'open', open, S.OPEN],
    [S.ON_HOLD, 'hold', open, null],
    [S.ON_HOLD, 'close', open, S.CLOSED],
    [S.FILLED, 'open', full, null],
    [S.FILLED, 'open', raised, S.OPEN],
    [S.FILLED, 'hold', full, null],
    [S.FILLED, 'close', full, S.CLOSED],
    [S.CLOSED, 'open', open, null],
    [S.CLOSED, 'hold', open, null],
    [S.CLOSED, 'close', open, null],
  ])('%s --%s--> %s', (from, action, counts, expected) => {
    const result = nextStatus(from, action, counts);
    if (expected === null) expect(result).toHaveProperty('error');
    else expect(result).toEqual({ status: expected });
  });
});

describe('statusAfterHire', () => {
  it.each<[S, number, number, S]>([
    [S.OPEN, 1, 2, S.OPEN],
    [S.OPEN, 2, 2, S.FILLED],
    [S.ON_HOLD, 2, 2, S.FILLED],
    [S.OPEN, 3, 3, S.FILLED],
  ])('%s with %i of %i hired -> %s', (status, hiredCount, headcount, expected) => {
    expect(statusAfterHire(status, { hiredCount, headcount })).toBe(expected);
  });
});

describe('salaryRangeErrors', () => {
  it.each([
    [{ min: 100_000, max: 150_000 }, 0],
    [{ min: 150_000, max: 150_000 }, 0],
    [{ min: 150_001, max: 150_000 }, 1],
    [null, 0],
  ])('%j -> %i errors', (range, count) => {
    const errors = salaryRangeErrors(range);
    expect(errors).toHaveLength(count);
    errors.forEach((e) =>
      expect(e).toMatchObject({ code: UserErrorCode.INVALID_INPUT, field: ['salaryRange', 'min'] }),
    );
  });
});

describe('headcountErrors', () => {
  it.each([
    [undefined, 3, 0],
    [3, 3, 0],
    [2, 3, 1],
  ])('headcount %s with %i hired -> %i errors', (headcount, hired, count) => {
    expect(headcountErrors(headcount, hired)).toHaveLength(count);
  });
});
