import { normalizeEmail, normalizeTags } from './candidate.rules';

describe('normalizeTags', () => {
  it.each([
    [
      ['kaggle-master', ' Kaggle-Master ', 'recsys'],
      ['kaggle-master', 'recsys'],
    ],
    [['  ', 'phd'], ['phd']],
    [['open  source'], ['open source']],
    [[], []],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeTags(input)).toEqual(expected);
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['  Ada@Example.COM ', 'Ada@Example.COM'],
    ['ada@example.com', 'ada@example.com'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});
