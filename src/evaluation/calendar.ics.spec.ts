import { escapeText, foldLine, utcDateTime } from './calendar.ics';

describe('iCalendar encoding (RFC 5545)', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b; c', 'a\\, b\\; c'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\r\nthree', 'two\\nlines\\nthree'],
  ])('escapes %j', (input, expected) => expect(escapeText(input)).toBe(expected));

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('writes UTC times in basic form', () => {
    expect(utcDateTime(new Date('2026-12-03T09:30:00.000Z'))).toBe('20261203T093000Z');
  });
});
