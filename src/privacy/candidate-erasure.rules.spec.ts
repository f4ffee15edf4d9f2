import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { ERASURE_REASON_MAX, erasureReason, erasureRefusal } from './candidate-erasure.rules';

const { ACTIVE, REJECTED, HIRED, WITHDRAWN } = ApplicationStatus;

describe('erasureReason', () => {
  it.each<[string, string, { reason: string } | 'refused']>([
    ['a ticket number', 'DPO-2026-117', { reason: 'DPO-2026-117' }],
    ['trimmed', '  DPO-1 \n', { reason: 'DPO-1' }],
    ['blank', '   ', 'refused'],
    ['empty', '', 'refused'],
    ['at the limit', 'x'.repeat(ERASURE_REASON_MAX), { reason: 'x'.repeat(ERASURE_REASON_MAX) }],
    ['over the limit', 'x'.repeat(ERASURE_REASON_MAX + 1), 'refused'],
    [
      'astral characters count once',
      '😀'.repeat(ERASURE_REASON_MAX),
      { reason: '😀'.repeat(ERASURE_REASON_MAX) },
    ],
    ['a NUL character', 'DPO\u00001', 'refused'],
  ])('%s', (_name, text, expected) => {
    const result = erasureReason(text);
    if (expected !== 'refused') expect(result).toEqual(expected);
    else expect('error' in result && result.error.length > 0).toBe(true);
  });
});

describe('erasureRefusal', () => {
  it.each<[string, ApplicationStatus[], 'ACTIVE_APPLICATION' | null]>([
    ['no application', [], null],
    ['rejected and withdrawn', [REJECTED, WITHDRAWN], null],
    ['an active one among others', [REJECTED, ACTIVE], 'ACTIVE_APPLICATION'],
    // On request a hired person can be erased (the HR system keeps its own copy); only the job keeps them.
    ['hired', [HIRED], null],
  ])('%s', (_name, statuses, refusal) => {
    expect(erasureRefusal(statuses)).toBe(refusal);
  });
});
