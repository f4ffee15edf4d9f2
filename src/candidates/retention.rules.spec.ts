import { consentDeadline, RetentionFacts, retentionDeadline } from './retention.rules';

const policy = { retentionDays: 730, consentRetentionDays: 1095 };
const d = (iso: string) => new Date(iso);
const none: RetentionFacts = {
  endedAt: [],
  active: false,
  hired: false,
  consentGivenAt: null,
  consentRetainUntil: null,
};

describe('retentionDeadline', () => {
  it.each<[string, Partial<RetentionFacts>, string | null]>([
    ['no application, no consent: no deadline', {}, null],
    [
      'one rejection: 730 days after it',
      { endedAt: [d('2026-01-10T12:00:00Z')] },
      '2028-01-10T12:00:00.000Z',
    ],
    [
      'several ended: 730 days after the last one, whatever the order',
      { endedAt: [d('2026-05-01T00:00:00Z'), d('2026-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z')] },
      '2028-04-30T00:00:00.000Z',
    ],
    ['something still live: none', { endedAt: [d('2026-01-10T00:00:00Z')], active: true }, null],
    ['live, with consent: none', { active: true, consentGivenAt: d('2026-01-01T00:00:00Z') }, null],
    [
      'hired: never due, even after a later rejection',
      { endedAt: [d('2026-06-01T00:00:00Z')], hired: true, consentGivenAt: d('2026-01-01T00:00:00Z') },
      null,
    ],
    [
      'consent reaching further: 1095 days after the consent',
      { endedAt: [d('2026-01-10T00:00:00Z')], consentGivenAt: d('2026-01-01T00:00:00Z') },
      '2028-12-31T00:00:00.000Z',
    ],
    [
      'consent ending sooner than the retention: the retention',
      { endedAt: [d('2026-01-10T00:00:00Z')], consentGivenAt: d('2022-01-01T00:00:00Z') },
      '2028-01-10T00:00:00.000Z',
    ],
    [
      'consent with its own end, later: that end',
      {
        endedAt: [d('2026-01-10T00:00:00Z')],
        consentGivenAt: d('2026-01-01T00:00:00Z'),
        consentRetainUntil: d('2030-06-30T00:00:00Z'),
      },
      '2030-06-30T00:00:00.000Z',
    ],
    [
      'consent with its own end, sooner than the retention: the retention',
      {
        endedAt: [d('2026-01-10T00:00:00Z')],
        consentGivenAt: d('2026-01-01T00:00:00Z'),
        consentRetainUntil: d('2026-06-30T00:00:00Z'),
      },
      '2028-01-10T00:00:00.000Z',
    ],
    [
      'consent and no application: the consent',
      { consentGivenAt: d('2026-01-01T00:00:00Z') },
      '2028-12-31T00:00:00.000Z',
    ],
  ])('%s', (_name, facts, expected) => {
    expect(retentionDeadline({ ...none, ...facts }, policy)?.toISOString() ?? null).toBe(expected);
  });

  it('follows the configured days', () => {
    expect(
      retentionDeadline(
        { ...none, endedAt: [d('2026-01-01T00:00:00Z')] },
        { retentionDays: 30, consentRetentionDays: 1 },
      )?.toISOString(),
    ).toBe('2026-01-31T00:00:00.000Z');
  });
});

describe('consentDeadline', () => {
  it.each<[string, Partial<RetentionFacts>, string | null]>([
    ['no consent', {}, null],
    ['consent without an end', { consentGivenAt: d('2026-01-01T00:00:00Z') }, '2028-12-31T00:00:00.000Z'],
    [
      'consent with an end',
      { consentGivenAt: d('2026-01-01T00:00:00Z'), consentRetainUntil: d('2027-01-01T00:00:00Z') },
      '2027-01-01T00:00:00.000Z',
    ],
  ])('%s', (_name, facts, expected) => {
    expect(consentDeadline({ ...none, ...facts }, policy)?.toISOString() ?? null).toBe(expected);
  });
});
