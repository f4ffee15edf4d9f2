import { csvField, toCsv } from './report.csv';

describe('csvField (RFC 4180)', () => {
  it.each<[string | number | null, string]>([
    ['Onsite', 'Onsite'],
    ['Screen, recruiter', '"Screen, recruiter"'],
    ['The "loop"', '"The ""loop"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@sum', "'@sum"],
    [0, '0'],
    [-2.5, '-2.5'],
    [1 / 3, '0.3333'],
    [Number.NaN, ''],
    [null, ''],
    ['', ''],
  ])('%j → %j', (value, expected) => expect(csvField(value)).toBe(expected));
});

describe('toCsv', () => {
  it('writes the header, then one row per record, CRLF-terminated', () => {
    expect(
      toCsv<{ stage: string; entered: number; conversionToNext: number | null }>(
        ['stage', 'entered', 'conversionToNext'],
        [
          { stage: 'Applied', entered: 4, conversionToNext: 0.75 },
          { stage: 'Hired', entered: 1, conversionToNext: null },
        ],
      ),
    ).toBe('stage,entered,conversionToNext\r\nApplied,4,0.75\r\nHired,1,\r\n');
  });
});
