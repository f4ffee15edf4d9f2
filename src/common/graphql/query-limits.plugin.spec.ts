import { buildSchema, Kind, OperationDefinitionNode, parse } from 'graphql';
import { checkOperation, QueryLimits } from './query-limits.plugin';

const schema = buildSchema(`
  type Query { viewer: User, users(first: Int, last: Int): UserConnection, tags: [String!]! }
  type Subscription { ping: String }
  type User { id: ID!, name: String, friends(first: Int): UserConnection }
  type UserConnection { edges: [UserEdge!]!, pageInfo: PageInfo! }
  type UserEdge { cursor: String!, node: User! }
  type PageInfo { hasNextPage: Boolean! }
`);

const limits: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 10_000 };

function check(query: string, variables?: Record<string, unknown>, given: QueryLimits = limits) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return checkOperation(schema, operation, document.definitions, variables, given);
}

/** `levels` fragments, each spreading the next one twice: 2^(levels-1) fields when expanded. */
const fragmentBomb = (levels: number, leaf = 'viewer { id }') =>
  '{ ...F0 } ' +
  Array.from({ length: levels - 1 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(
    ' ',
  ) +
  ` fragment F${levels - 1} on Query { ${leaf} }`;

describe('query limits', () => {
  it.each([
    ['one field', '{ viewer { id } }', { cost: 2, aliases: 0, depth: 1 }],
    [
      'a page of 10 with two fields per node',
      '{ users(first: 10) { edges { node { id name } } } }',
      { cost: 1 + 10 + 10 + 20, aliases: 0, depth: 3 },
    ],
    [
      'no page size: the default of 20',
      '{ users { edges { node { id } } } }',
      { cost: 1 + 20 + 20 + 20, aliases: 0, depth: 3 },
    ],
    [
      'a list without paging weighs 5',
      '{ viewer { friends(first: 2) { pageInfo { hasNextPage } } } }',
      { cost: 1 + 1 + 2 + 2, aliases: 0, depth: 3 },
    ],
    [
      'aliases count once per use',
      '{ a: viewer { id } b: viewer { i: id } }',
      { cost: 4, aliases: 3, depth: 1 },
    ],
    [
      'a fragment counts where it is spread, weighted there',
      'query { users(first: 3) { ...E } viewer { ...U } } fragment E on UserConnection { edges { node { ...U } } } fragment U on User { x: id name }',
      { cost: 1 + 3 + 3 * (1 + 2) + 1 + 2, aliases: 2, depth: 3 },
    ],
  ])('%s', (_name, query, expected) => {
    expect(check(query)).toEqual(expected);
  });

  it('a fragment bomb costs what its expansion would, computed once per fragment', () => {
    // 2^29 spreads of `viewer { id }` (2 each): expanding them would not finish within the test timeout.
    expect(check(fragmentBomb(30), undefined, { ...limits, maxCost: Number.MAX_SAFE_INTEGER })).toEqual({
      cost: 2 ** 29 * 2,
      aliases: 0,
      depth: 1,
    });
    expect(() => check(fragmentBomb(30))).toThrow(/would cost 1073741824, over the limit of 10000/);
    // Far past what any expansion could do, still answered.
    expect(() => check(fragmentBomb(1000))).toThrow(/would cost Infinity|would cost \d/);
  });

  it('aliases in a fragment count at every spread, without expanding it', () => {
    expect(() => check(fragmentBomb(40, 'a: viewer { id }'))).toThrow(/more than 30 aliases/);
  });

  it.each([
    [
      'deeper than the limit',
      '{ viewer { friends { edges { node { friends { edges { node { id } } } } } } } }',
      { ...limits, maxDepth: 7 },
      /nested deeper than 7 levels/,
    ],
    [
      'a page over 100',
      '{ users(first: 101) { pageInfo { hasNextPage } } }',
      limits,
      /"first" on "users" must be between 0 and 100; got 101/,
    ],
    [
      'a page over 100 inside a fragment',
      '{ ...Q } fragment Q on Query { users(last: 500) { pageInfo { hasNextPage } } }',
      limits,
      /"last" on "users"/,
    ],
    [
      'first with last',
      '{ users(first: 1, last: 1) { pageInfo { hasNextPage } } }',
      limits,
      /either "first" or "last"/,
    ],
    ['a subscription', 'subscription { ping }', limits, /Subscriptions are not supported/],
  ])('refuses %s', (_name, query, given, message) => {
    expect(() => check(query, undefined, given)).toThrow(message);
  });

  it.each([
    ['a required variable not sent', 'query($n: Int!) { users(first: $n) { pageInfo { hasNextPage } } }', {}],
    [
      'null for a non-null variable',
      'query($n: Int!) { users(first: $n) { pageInfo { hasNextPage } } }',
      { n: null },
    ],
    [
      'a variable of the wrong type',
      'query($n: Int) { users(first: $n) { pageInfo { hasNextPage } } }',
      { n: 'ten' },
    ],
  ])('refuses %s as BAD_USER_INPUT before reading any argument', (_name, query, variables) => {
    try {
      check(query, variables);
      throw new Error('not refused');
    } catch (error) {
      expect((error as { extensions?: unknown }).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        http: { status: 400 },
      });
      expect((error as Error).message).toMatch(/^Variable "\$n"/);
    }
  });

  it('substitutes variables in page sizes', () => {
    expect(check('query($n: Int) { users(first: $n) { edges { cursor } } }', { n: 7 }).cost).toBe(1 + 7 + 7);
    expect(() => check('query($n: Int) { users(first: $n) { edges { cursor } } }', { n: 700 })).toThrow(
      /got 700/,
    );
  });
});
