import { findHostileInput, MAX_INPUT_DEPTH, textProblem } from './hostile-input';

describe('hostile input', () => {
  it.each([
    ['plain text', 'Ada Lovelace', null],
    ['a well-formed surrogate pair (an emoji)', 'ML 🤖 engineer', null],
    ['non-Latin text', 'Инженер 机器学习', null],
    ['a NUL character', 'a\u0000b', /NUL/],
    ['a lone high surrogate', '\ud800', /lone surrogate/],
    ['a lone low surrogate', 'x\udc00y', /lone surrogate/],
    ['a reversed pair', '\udc00\ud800', /lone surrogate/],
  ])('text: %s', (_name, text, problem) => {
    const found = textProblem(text);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeNull();
  });

  it.each([
    ['nothing', undefined, []],
    ['a number', 42, []],
    ['a clean object', { name: 'Ada', tags: ['ml'], nested: { ok: true } }, []],
    [
      'a dangerous string deep in a list',
      { tags: ['ok', { note: 'x\ud800' }] },
      [['input', 'tags', '1', 'note']],
    ],
    ['a constructor key', { zz: { constructor: true } }, [['input', 'zz', 'constructor']]],
    ['a prototype key', { prototype: 1 }, [['input', 'prototype']]],
    [
      'an own __proto__ key (as JSON.parse makes it)',
      JSON.parse('{"__proto__": {"admin": true}}'),
      [['input', '__proto__']],
    ],
    ['a key with a lone surrogate', { ['k\ud800']: 1 }, [['input']]],
  ])('values: %s', (_name, value, paths) => {
    expect(findHostileInput(value, ['input']).map((found) => found.path)).toEqual(paths);
  });

  it('refuses nesting past the limit without walking it recursively', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const [found] = findHostileInput({ deep });
    expect(found.path).toHaveLength(MAX_INPUT_DEPTH);
    expect(found.message).toMatch(/nested more than 32 levels/);
    let allowed: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) allowed = [allowed];
    expect(findHostileInput({ allowed })).toEqual([]);
  });

  it('stops after the first findings', () => {
    expect(
      findHostileInput(
        Array.from({ length: 1000 }, () => '\u0000'),
        [],
        3,
      ),
    ).toHaveLength(3);
  });
});
