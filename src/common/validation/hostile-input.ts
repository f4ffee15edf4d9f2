/**
 * Input that no handler should ever see, found once at the edge (the validation pipe, and the intake of signed
 * bodies that bypass it): text PostgreSQL cannot store or JSON cannot carry, keys that reach into an object's
 * machinery, and nesting deep enough to exhaust the stack of anything that walks it recursively.
 */
export interface HostileInput {
  /** Where it is: object keys and array indexes from the root of the value. */
  path: string[];
  message: string;
}

/** Deeper than any DTO or board payload nests; deeper values are refused rather than walked. */
export const MAX_INPUT_DEPTH = 32;

/** Keys that class-transformer, object merges and prototype lookups treat as machinery rather than data. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// With the u flag, a well-formed surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a string cannot be taken as text, or null: NUL (PostgreSQL refuses it) or a lone surrogate (not Unicode). */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  return null;
}

/**
 * Every hostile part of a decoded JSON (or GraphQL) value, walked without recursion so that no depth of nesting
 * can overflow the stack. Stops at the first few findings: one is enough to refuse the request.
 */
export function findHostileInput(value: unknown, root: string[] = [], limit = 10): HostileInput[] {
  // Most arguments are absent, numbers or short ids: no walk for them (the pipe runs for every resolver argument).
  if (value == null || typeof value === 'number' || typeof value === 'boolean') return [];
  const found: HostileInput[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: root }];
  while (pending.length > 0 && found.length < limit) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) found.push({ path, message: `${label(path)} ${problem}.` });
      continue;
    }
    if (current === null || typeof current !== 'object' || current instanceof Date) continue;
    if (Buffer.isBuffer(current)) continue;
    if (path.length - root.length >= MAX_INPUT_DEPTH) {
      found.push({ path, message: `${label(path)} is nested more than ${MAX_INPUT_DEPTH} levels deep.` });
      continue;
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: [...path, String(index)] }));
      continue;
    }
    for (const key of Object.keys(current)) {
      const at = [...path, key];
      if (PROTOTYPE_KEYS.has(key)) {
        found.push({ path: at, message: `${label(at)} is not an accepted field name.` });
        continue;
      }
      const keyProblem = textProblem(key);
      if (keyProblem) {
        found.push({ path, message: `A field name in ${label(path)} ${keyProblem}.` });
        continue;
      }
      pending.push({ value: (current as Record<string, unknown>)[key], path: at });
    }
  }
  return found;
}

function label(path: string[]): string {
  return path.length > 0 ? path.join('.') : 'The value';
}
