import { Random } from './random';

/**
 * The values the fuzzer puts in arguments, bodies, query strings and paths: typical ones (so that requests get past
 * the first check and reach the use cases) and the hostile ones of the hostile-requests report (empty, huge and
 * unicode strings, lone surrogates, NUL, boundary numbers, impossible dates, garbage and foreign ids).
 */

/** Strings no handler should choke on. Each is refused or stored, never a 500. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  '\ud800',
  'a\udc00b',
  '\udfff\ud800',
  '\u0000',
  'nul\u0000inside',
  '\u0001\u0002\u001f\u007f',
  '\ufeff\u200b\u202e',
  'é',
  'e\u0301\u0301\u0301',
  '🙂👩‍👩‍👧‍👦',
  'שלום عربى',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  "'; DROP TABLE candidate; --",
  '%_\\',
  '\\u0000',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '{"__proto__":{"x":1}}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00%2e%2e%2f',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'true',
  '[]',
  'a@b',
  'x'.repeat(256),
  'x'.repeat(1001),
  '€'.repeat(3000),
];

/** A string of one of several lengths and alphabets; `huge` ones reach a few hundred KB. */
export function hostileString(random: Random): string {
  return random.weighted<() => string>([
    [10, () => random.pick(HOSTILE_STRINGS)],
    [2, () => 'A'.repeat(random.pick([10_000, 100_000, 300_000]))],
    [2, () => random.word() + random.pick(['\ud800', '\u0000', '\udc00']) + random.word()],
    [1, () => '🙂'.repeat(random.int(1, 5000))],
  ])();
}

/** A string a person might type. */
export function typicalString(random: Random): string {
  return random.weighted<() => string>([
    [4, () => random.word()],
    [2, () => `${random.word()} ${random.word()}`],
    [2, () => `${random.word()}.${random.word(5)}@example.com`],
    [1, () => `https://${random.word()}.example.com/${random.word()}`],
    [1, () => `+1 415 555 0${random.int(100, 199)}`],
    [1, () => random.word().toUpperCase()],
  ])();
}

/** A plausible value for a field by its name (an e-mail for `email`), so that typed requests get past validation. */
export function namedString(random: Random, name: string): string {
  if (/email/i.test(name)) return `${random.word()}.${random.word(5)}@example.com`;
  if (/url|link|website/i.test(name)) return `https://${random.word()}.example.com/${random.word()}`;
  if (/phone/i.test(name)) return `+1 415 555 0${random.int(100, 199)}`;
  if (/slug/i.test(name)) return `${random.word()}-${random.word()}`;
  if (/currency/i.test(name)) return random.pick(['USD', 'EUR', 'GBP']);
  if (/country/i.test(name)) return random.pick(['US', 'DE', 'FR']);
  if (/password/i.test(name)) return 'correct horse battery staple';
  return typicalString(random);
}

export const BOUNDARY_INTS: readonly number[] = [
  0,
  -1,
  1,
  2,
  50,
  100,
  101,
  1000,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  2 ** 53 + 1,
  -(2 ** 53),
  1e308,
  0.5,
  -0.0,
];

export function intValue(random: Random): number {
  return random.chance(0.6) ? random.int(0, 20) : random.pick(BOUNDARY_INTS);
}

export function floatValue(random: Random): number {
  return random.chance(0.6)
    ? Math.round(random.next() * 100_000) / 100
    : random.pick([0, -0.0, -1, 1e-308, 1e308, -1e308, 2 ** 53, 3.141592653589793, 0.1]);
}

/** Date-times: valid ones, impossible ones (Feb 30, hour 25), the ends of what JavaScript and PostgreSQL take. */
export const HOSTILE_DATE_TIMES: readonly (string | number)[] = [
  '2026-02-30T25:61:61Z',
  '2026-02-30T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2025-04-31T12:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-06-30T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '+275761-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '10000-01-01T00:00:00Z',
  '2026-01-01',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00:00+25:00',
  '2026-01-01 00:00:00',
  'Thu, 01 Jan 2026 00:00:00 GMT',
  'not a date',
  '',
  '1',
  8.64e15 + 1,
  -1,
];

export function dateTimeValue(random: Random): string | number {
  if (random.chance(0.8)) {
    const days = random.int(-800, 800);
    return new Date(Date.UTC(2026, 11, 3) + days * 86_400_000).toISOString();
  }
  return random.pick(HOSTILE_DATE_TIMES);
}

/** Objects where a scalar belongs, with keys that shadow the methods converters call (toString, valueOf, …). */
export const SHAPES: readonly unknown[] = [
  { toString: {} },
  { valueOf: {} },
  { toString: {}, valueOf: {}, toJSON: {} },
  { toString: {}, valueOf: {}, toJSON: {} },
  { toJSON: 1 },
  { then: 1 },
  { length: 1e9 },
  { toISOString: 'x' },
  { getTime: 1 },
  {},
  [],
  [[]],
  ['2026-01-01T00:00:00Z'],
  JSON.parse('{"__proto__":{"x":1}}'),
  JSON.parse('{"constructor":{"prototype":{"x":1}}}'),
];

/** An object where a scalar belongs; half the time one whose toString/valueOf are not functions. */
export function shape(random: Random): unknown {
  return random.chance(0.5) ? random.pick(SHAPES.slice(0, 4)) : random.pick(SHAPES);
}

/** Object keys that reach an object's machinery. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** An arbitrary JSON value, sometimes with prototype keys, deep nesting or hostile text inside. */
export function jsonValue(random: Random, depth = 0): unknown {
  const kind = random.int(0, depth > 3 ? 3 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return intValue(random);
    case 3:
      return random.chance(0.7) ? typicalString(random) : hostileString(random);
    case 4:
    case 5:
      return Array.from({ length: random.int(0, 3) }, () => jsonValue(random, depth + 1));
    default: {
      const value: Record<string, unknown> = {};
      for (let i = random.int(0, 3); i > 0; i--) {
        const key = random.chance(0.2)
          ? random.pick([...PROTOTYPE_KEYS, 'toString', 'valueOf', 'toJSON', 'then'])
          : random.word();
        // Through defineProperty, so that "__proto__" is an own key that JSON.stringify writes out.
        Object.defineProperty(value, key, {
          value: jsonValue(random, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return value;
    }
  }
}

/** `[[[…]]]` nested `levels` deep (deeper than the edge's 32-level limit). */
export function deeplyNested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** The JSON text of `[{"a":[…]}]` nested `levels` deep, written directly (JSON.stringify would run out of stack). */
export function deeplyNestedJson(levels: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    open += i % 2 === 0 ? '[' : '{"a":';
    close = (i % 2 === 0 ? ']' : '}') + close;
  }
  return `${open}"bottom"${close}`;
}

/** base64url of `type:id`, the shape of the API's global ids. */
export function globalIdOf(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Ids that look like ids and name nothing, or are not ids at all. */
export function garbageId(random: Random): string {
  return random.weighted<() => string>([
    [3, () => globalIdOf(random.pick(['Requisition', 'Candidate', 'User', 'Nope']), random.word(36))],
    [3, () => globalIdOf('Requisition', '00000000-0000-0000-0000-000000000000')],
    [
      2,
      () => globalIdOf(random.pick(['Requisition', 'Application']), 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
    ],
    [2, () => '00000000-0000-0000-0000-000000000000'],
    [2, () => random.word(random.int(1, 40))],
    [1, () => Buffer.from('Requisition').toString('base64url')],
    [1, () => 'A'.repeat(129)],
    [1, () => '!!!'],
    [2, () => hostileString(random)],
  ])();
}
