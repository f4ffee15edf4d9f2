import { Transform } from 'class-transformer';

/**
 * ISO 8601 / RFC 3339 dates and date-times as clients send them: `2026-12-03`, `2026-12-03T09:54`,
 * `2026-12-03T09:54:33.123Z`, `2026-12-03T09:54:33+02:00` (without an offset, the server's time zone).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|([+-])(\d{2}):(\d{2}))?)?$/;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The instant a date-time string names, or null when it names none: not the format above, or a date that does not
 * exist (February 30, hour 25, second 60), or a year outside 0001–9999 (what PostgreSQL and every client can hold).
 * JavaScript's Date is lenient (February 30 becomes March 2; `+275760-09-13` parses), so it never decides alone.
 */
export function parseDateTime(text: string): Date | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const [offsetHours, offsetMinutes] = [Number(match[10] ?? 0), Number(match[11] ?? 0)];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * class-transformer's `@Type(() => Date)` for request bodies, without its failure modes: `new Date(value)` on an
 * object whose `toString` is not a function throws (a 500), and on an impossible date it rolls over. Here a string
 * becomes a Date only when it names a real instant, a Date stays; anything else is left as it came, for `@IsDate()`
 * to refuse as the field's mistake.
 */
export function ToDate(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    return parseDateTime(value) ?? value;
  });
}
