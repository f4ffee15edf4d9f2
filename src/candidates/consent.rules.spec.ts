import { UserErrorCode } from '../common/errors/user-error-code';
import { consentErrors } from './consent.rules';

const now = new Date('2026-12-03T10:00:00Z');
const d = (iso: string) => new Date(iso);

describe('consentErrors', () => {
  it.each<[string, { consentGivenAt: Date; retainUntil?: Date | null }, string[]]>([
    ['given now, no end', { consentGivenAt: now }, []],
    [
      'given a year ago, ending in two',
      { consentGivenAt: d('2025-12-03T10:00:00Z'), retainUntil: d('2028-12-03T10:00:00Z') },
      [],
    ],
    ['a clock a minute ahead', { consentGivenAt: d('2026-12-03T10:01:00Z') }, []],
    ['given tomorrow', { consentGivenAt: d('2026-12-04T10:00:00Z') }, ['consentGivenAt']],
    ['ending when given', { consentGivenAt: now, retainUntil: now }, ['retainUntil']],
    ['ending before given', { consentGivenAt: now, retainUntil: d('2026-01-01T00:00:00Z') }, ['retainUntil']],
    [
      'ending more than ten years after',
      { consentGivenAt: now, retainUntil: d('2036-12-03T10:00:00Z') },
      ['retainUntil'],
    ],
    ['ending exactly ten years after', { consentGivenAt: now, retainUntil: d('2036-11-30T10:00:00Z') }, []],
    [
      'ended already',
      { consentGivenAt: d('2020-01-01T00:00:00Z'), retainUntil: d('2021-01-01T00:00:00Z') },
      ['retainUntil'],
    ],
    [
      'given in the future and ending before it',
      { consentGivenAt: d('2027-01-01T00:00:00Z'), retainUntil: d('2026-12-31T00:00:00Z') },
      ['consentGivenAt', 'retainUntil'],
    ],
  ])('%s', (_name, consent, fields) => {
    const errors = consentErrors(consent, now);
    expect(errors.map((e) => e.field?.[0])).toEqual(fields);
    expect(errors.every((e) => e.code === UserErrorCode.INVALID_INPUT)).toBe(true);
  });
});
