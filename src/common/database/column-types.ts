import { ColumnOptions, ValueTransformer } from 'typeorm';

/** pg returns numeric as string to avoid precision loss; our numerics (money, years) fit a double. */
export const numericToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Millisecond precision: timestamps round-trip through JavaScript Dates and keyset cursors exactly. */
export const timestampColumn = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'timestamp with time zone',
  precision: 3,
  ...options,
});

/** CHECK expression that limits a text column to the values of a TypeScript string enum. */
export const checkIn = (column: string, values: readonly string[]): string =>
  `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`;
