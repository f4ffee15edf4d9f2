import { ProfileLinkKind } from '../candidates/candidate.enums';
import { CandidateFacts, enrichment, retentionDate } from './inbound-applications.rules';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const DAY = 86_400_000;

describe('retentionDate', () => {
  it.each<[string, Date | undefined, Date | string]>([
    ['defaults to a year', undefined, new Date(NOW.getTime() + 365 * DAY)],
    ['keeps a date within 3 years', new Date(NOW.getTime() + 100 * DAY), new Date(NOW.getTime() + 100 * DAY)],
    ['refuses now', NOW, 'retainUntil must be in the future'],
    ['refuses the past', new Date('2020-01-01'), 'retainUntil must be in the future'],
    ['refuses beyond 3 years', new Date(NOW.getTime() + 1100 * DAY), 'retainUntil must be within 1095 days'],
  ])('%s', (_name, given, expected) => {
    const result = retentionDate(given, NOW);
    expect(result instanceof Date ? result : result.error).toEqual(expected);
  });
});

describe('enrichment', () => {
  const github = { kind: ProfileLinkKind.GITHUB, url: 'https://github.com/a' };
  const kaggle = { kind: ProfileLinkKind.KAGGLE, url: 'https://kaggle.com/a' };
  const facts = (overrides: Partial<CandidateFacts> = {}): CandidateFacts => ({
    phone: null,
    links: [],
    consentGivenAt: null,
    retainUntil: null,
    ...overrides,
  });
  it.each<[string, CandidateFacts, CandidateFacts, Partial<CandidateFacts>]>([
    ['adds a missing phone', facts(), facts({ phone: '+1' }), { phone: '+1' }],
    ['never replaces a phone', facts({ phone: '+1' }), facts({ phone: '+2' }), {}],
    [
      'adds new links after the known ones',
      facts({ links: [github] }),
      facts({ links: [kaggle] }),
      { links: [github, kaggle] },
    ],
    [
      'does not repeat a known link (ignoring case)',
      facts({ links: [github] }),
      facts({ links: [{ ...github, url: 'HTTPS://GITHUB.COM/A' }] }),
      {},
    ],
    ['records consent once', facts(), facts({ consentGivenAt: NOW }), { consentGivenAt: NOW }],
    [
      'keeps the first consent',
      facts({ consentGivenAt: new Date('2025-01-01') }),
      facts({ consentGivenAt: NOW }),
      {},
    ],
    [
      'extends retention',
      facts({ retainUntil: NOW }),
      facts({ retainUntil: new Date(NOW.getTime() + DAY) }),
      { retainUntil: new Date(NOW.getTime() + DAY) },
    ],
    [
      'never shortens retention',
      facts({ retainUntil: new Date(NOW.getTime() + DAY) }),
      facts({ retainUntil: NOW }),
      {},
    ],
    ['changes nothing when nothing is new', facts({ phone: '+1', links: [github] }), facts(), {}],
  ])('%s', (_name, existing, incoming, expected) => {
    expect(enrichment(existing, incoming)).toEqual(expected);
  });
});
