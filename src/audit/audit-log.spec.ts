import { diff } from './audit-log';

describe('diff', () => {
  it.each<[string, object, object, Record<string, { before: unknown; after: unknown }>]>([
    [
      'a changed value',
      { title: 'ML Engineer' },
      { title: 'Senior ML Engineer' },
      { title: { before: 'ML Engineer', after: 'Senior ML Engineer' } },
    ],
    ['an unchanged value', { title: 'ML Engineer' }, { title: 'ML Engineer' }, {}],
    ['missing and null are the same', { phone: null }, { phone: undefined }, {}],
    [
      'objects whose keys come back in another order',
      { locations: [{ city: 'Berlin', country: 'DE' }] },
      { locations: [{ country: 'DE', city: 'Berlin' }] },
      {},
    ],
    [
      'a secret: only whether there is one',
      { passwordHash: null },
      { passwordHash: 'scrypt$…' },
      { passwordHash: { before: null, after: '[redacted]' } },
    ],
  ])('%s', (_label, before, after, expected) => {
    expect(diff(before, after)).toEqual(expected);
  });
});
