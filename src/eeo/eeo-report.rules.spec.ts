import { CategoryCount, showReport, suppressDimension } from './eeo-report.rules';

const cells = (...counts: number[]): CategoryCount[] =>
  counts.map((count, i) => ({ category: `C${i}`, count }));
const shown = (...counts: number[]) => suppressDimension(cells(...counts)).map((c) => c.count);

describe('suppressDimension', () => {
  it.each<[string, number[], string[]]>([
    ['every group of 5 or more is shown exactly', [5, 12, 7], ['5', '12', '7']],
    ['every small group is "<5", zero included', [0, 1, 4], ['<5', '<5', '<5']],
    [
      'two small groups: their sum bounds neither, nothing more is hidden',
      [3, 0, 9, 20],
      ['<5', '<5', '9', '20'],
    ],
    ['one small group: the smallest shown one is hidden too', [2, 9, 20, 6], ['<5', '9', '20', '<5']],
    ['one zero group alone is protected the same way', [0, 30, 8], ['<5', '30', '<5']],
    ['a tie for the smallest: the first in category order', [1, 7, 7], ['<5', '<5', '7']],
    ['4 is suppressed, 5 is not', [4, 5, 5, 5], ['<5', '<5', '5', '5']],
    ['all groups of 5 or more: nothing hidden', [5, 5], ['5', '5']],
    ['one cell only, below 5: nothing to hide it with', [3], ['<5']],
    ['one cell only, 5 or more', [8], ['8']],
    ['no cells', [], []],
  ])('%s', (_title, counts, expected) => {
    expect(shown(...counts)).toEqual(expected);
  });

  it('keeps the categories and their order', () => {
    expect(
      suppressDimension([
        { category: 'MALE', count: 6 },
        { category: 'FEMALE', count: 8 },
      ]),
    ).toEqual([
      { category: 'MALE', count: '6' },
      { category: 'FEMALE', count: '8' },
    ]);
  });

  it('never shows a number below 5, and never exactly one hidden cell, for any small table', () => {
    for (let a = 0; a < 8; a++)
      for (let b = 0; b < 8; b++)
        for (let c = 0; c < 8; c++) {
          const counts = shown(a, b, c);
          expect(counts.filter((n) => n !== '<5').every((n) => Number(n) >= 5)).toBe(true);
          expect(counts.filter((n) => n === '<5').length).not.toBe(1);
        }
  });
});

describe('showReport', () => {
  it('lists every category with NOT_PROVIDED last, absent ones as 0 (so "<5"), each dimension suppressed', () => {
    const report = showReport({
      applications: 23,
      cells: {
        gender: [
          { category: 'FEMALE', count: 9 },
          { category: 'MALE', count: 8 },
          { category: 'NOT_PROVIDED', count: 6 },
        ],
        raceEthnicity: [{ category: 'NOT_PROVIDED', count: 23 }],
        veteranStatus: [
          { category: 'NOT_A_PROTECTED_VETERAN', count: 20 },
          { category: 'NOT_PROVIDED', count: 3 },
        ],
        disabilityStatus: [],
      },
    });
    expect(report.applications).toBe(23);
    expect(report.dimensions.gender).toEqual([
      { category: 'MALE', count: '8' },
      { category: 'FEMALE', count: '9' },
      // Only DECLINE_TO_ANSWER (0) was small: the smallest shown one (NOT_PROVIDED, 6) goes with it.
      { category: 'DECLINE_TO_ANSWER', count: '<5' },
      { category: 'NOT_PROVIDED', count: '<5' },
    ]);
    expect(report.dimensions.raceEthnicity.map((c) => c.category)).toEqual([
      'HISPANIC_OR_LATINO',
      'WHITE',
      'BLACK_OR_AFRICAN_AMERICAN',
      'NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER',
      'ASIAN',
      'AMERICAN_INDIAN_OR_ALASKA_NATIVE',
      'TWO_OR_MORE_RACES',
      'DECLINE_TO_ANSWER',
      'NOT_PROVIDED',
    ]);
    expect(report.dimensions.raceEthnicity.at(-1)).toEqual({ category: 'NOT_PROVIDED', count: '23' });
    expect(report.dimensions.veteranStatus.map((c) => c.count)).toEqual(['<5', '20', '<5', '<5']);
    expect(report.dimensions.disabilityStatus.map((c) => c.count)).toEqual(['<5', '<5', '<5', '<5']);
  });
});
