/** A CSV cell: text, a number, or nothing (an empty field). */
export type CsvValue = string | number | null;

/**
 * One field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF (quotes doubled inside). Text that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'` first (OWASP's CSV
 * injection advice): stage names are typed by users. Numbers are written as they are, rounded to 4 decimals.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1e4) / 1e4) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row with the field names, then one row per record; CRLF line ends, as RFC 4180 has them. */
export function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] as CsvValue)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
