import { plainToInstance } from 'class-transformer';
import { IsDate, IsOptional, validateSync } from 'class-validator';
import { parseDateTime, ToDate } from './date-time';

describe('parseDateTime', () => {
  it.each([
    ['2026-12-03', '2026-12-03T00:00:00.000Z'],
    ['2026-12-03T09:54:33Z', '2026-12-03T09:54:33.000Z'],
    ['2026-12-03T09:54:33.123Z', '2026-12-03T09:54:33.123Z'],
    ['2026-12-03T09:54:33+02:00', '2026-12-03T07:54:33.000Z'],
    ['2026-12-03T09:54Z', '2026-12-03T09:54:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['an impossible day and time', '2026-02-30T25:61:61Z'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['February 29 of a common year', '2026-02-29T00:00:00Z'],
    ['February 29 of a century that is no leap year', '1900-02-29T00:00:00Z'],
    ['April 31', '2025-04-31T12:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 0', '2026-00-10T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T23:60:00Z'],
    ['a leap second', '2026-06-30T23:59:60Z'],
    ['an offset of 25 hours', '2026-01-01T00:00:00+25:00'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['a negative year', '-000001-01-01T00:00:00Z'],
    ['a six-digit year', '+275760-09-13T00:00:00Z'],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
    ['a space for the T', '2026-01-01 00:00:00'],
    ['an HTTP date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
    ['digits', '1'],
    ['nothing', ''],
    ['words', 'not a date'],
  ])('refuses %s (%s)', (_name, text) => {
    expect(parseDateTime(text)).toBeNull();
  });
});

describe('ToDate', () => {
  class Body {
    @IsOptional()
    @ToDate()
    @IsDate({ message: 'at must be an ISO 8601 date' })
    at?: Date;
  }

  it.each([
    ['an object whose toString is not a function', { toString: {} }],
    ['an object whose valueOf is not a function', { valueOf: {} }],
    ['an impossible date', '2026-02-30T00:00:00Z'],
    ['a number', 1_700_000_000_000],
    ['an array', ['2026-01-01T00:00:00Z']],
    ['a boolean', true],
  ])('leaves %s for @IsDate to refuse, without throwing', (_name, at) => {
    const body = plainToInstance(Body, { at });
    expect(validateSync(body).map((error) => error.property)).toEqual(['at']);
  });

  it('turns a real date-time into a Date', () => {
    const body = plainToInstance(Body, { at: '2026-12-03T09:54:33Z' });
    expect(body.at).toEqual(new Date('2026-12-03T09:54:33Z'));
    expect(validateSync(body)).toEqual([]);
  });
});
