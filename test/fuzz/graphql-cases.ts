import {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { Fixtures, HttpCase, PRINCIPALS } from './cases';
import { Random } from './random';
import {
  HOSTILE_DATE_TIMES,
  shape,
  dateTimeValue,
  deeplyNested,
  deeplyNestedJson,
  floatValue,
  garbageId,
  hostileString,
  intValue,
  jsonValue,
  namedString,
  typicalString,
} from './values';

/** An argument value (enum values wrapped, so that literals print them bare). */
type Value = unknown;

/** Where a generated leaf sits, so that one can be made hostile afterwards. */
interface Leaf {
  parent: Record<string, unknown>;
  key: string;
  type: GraphQLInputType;
}
interface LeafSlot {
  parent: Record<string, unknown>;
  key: string;
  leaves: Leaf[];
}

/** Marks an enum value in a literal (printed bare, not quoted). */
class EnumLiteral {
  constructor(readonly name: string) {}
}

/** A value as JSON variables carry it (enum values as their names). */
function plain(value: unknown): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: plain((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/**
 * GraphQL requests generated from the live schema (introspection): every root field of Query and Mutation is a
 * target, so a new field is fuzzed without editing the test.
 */
export class GraphQLCases {
  private minimal = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fixtures: Fixtures,
  ) {}

  /** `query.<field>` and `mutation.<field>` for every root field. */
  targets(): string[] {
    const names: string[] = [];
    for (const [operation, type] of [
      ['query', this.schema.getQueryType()],
      ['mutation', this.schema.getMutationType()],
    ] as const) {
      if (type) names.push(...Object.keys(type.getFields()).map((field) => `${operation}.${field}`));
    }
    return names.sort();
  }

  generate(random: Random, target: string): HttpCase {
    const [operation, fieldName] = target.split('.') as ['query' | 'mutation', string];
    const root = operation === 'query' ? this.schema.getQueryType()! : this.schema.getMutationType()!;
    const field = root.getFields()[fieldName];
    const family = random.weighted<string>([
      [20, 'typed'],
      [20, 'hostile'],
      [8, 'hostile-all'],
      [5, 'minimal'],
      [6, 'missing-variable'],
      [6, 'null-variable'],
      [8, 'wrong-type'],
      [8, 'literal'],
      [5, 'unknown-field'],
      [4, 'aliases'],
      [4, 'deep'],
      [3, 'fragment-bomb'],
      [3, 'directives'],
      [9, 'transport'],
    ]);
    // Typed requests are well-formed, so they reach the use cases; a hostile one has exactly one leaf made hostile (of
    // its own type: an impossible date for a DateTime, a garbage id for an ID), so that nothing else is refused first.
    const hostileRate = ['typed', 'hostile', 'hostile-all', 'minimal'].includes(family) ? 0 : 0.1;
    const holder: Record<string, unknown> = {};
    const leaves: Leaf[] = [];
    // A hostile request aims at one argument, optional ones as often as required ones.
    // A minimal request sends only what is required (an update with nothing to update).
    this.minimal = family === 'minimal';
    const aimed = family === 'hostile' && field.args.length > 0 ? random.pick(field.args) : null;
    for (const argument of field.args) {
      // Optional arguments are left out more often than not, as clients do; a hostile request sends only the one it
      // aims at and the required ones, so that no other argument is refused first.
      if (
        !isNonNullType(argument.type) &&
        argument !== aimed &&
        (aimed !== null || this.minimal || random.chance(0.6))
      )
        continue;
      const own: Leaf[] = argument === aimed || family === 'hostile-all' ? leaves : [];
      holder[argument.name] = this.value(random, argument.type, hostileRate, 0, {
        parent: holder,
        key: argument.name,
        leaves: own,
      });
    }
    if (family === 'hostile-all') {
      // Every leaf at once: converters (dates, class-transformer) run on all of them before anything is validated.
      for (const leaf of leaves) leaf.parent[leaf.key] = this.hostileLeaf(random, leaf.type);
    } else if (leaves.length > 0) {
      // Leaves that are parsed (dates, ids, numbers, JSON, enums) are aimed at more often than free text.
      const leaf = random.weighted(
        leaves.map(
          (candidate) => [getNamedType(candidate.type).name === 'String' ? 1 : 3, candidate] as const,
        ),
      );
      leaf.parent[leaf.key] = this.hostileLeaf(random, leaf.type);
    }
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const argumentsText: string[] = [];
    const inline = family === 'literal';
    for (const argument of field.args) {
      if (!(argument.name in holder)) continue;
      const value = holder[argument.name];
      if (inline) {
        argumentsText.push(`${argument.name}: ${this.literal(value)}`);
      } else {
        definitions.push(`$${argument.name}: ${argument.type.toString()}`);
        variables[argument.name] = plain(value);
        argumentsText.push(`${argument.name}: $${argument.name}`);
      }
    }
    if (family === 'missing-variable' && definitions.length === 0) {
      definitions.push('$id: ID!');
    }
    if (family === 'missing-variable') {
      const names = Object.keys(variables);
      if (names.length > 0 && random.chance(0.7)) delete variables[random.pick(names)];
      else for (const name of names) delete variables[name];
    }
    if (family === 'null-variable' && Object.keys(variables).length > 0) {
      variables[random.pick(Object.keys(variables))] = null;
    }
    if (family === 'wrong-type' && Object.keys(variables).length > 0) {
      const name = random.pick(Object.keys(variables));
      variables[name] = this.wrongValue(random, variables[name]);
    }
    if (family === 'unknown-field' && random.chance(0.3)) argumentsText.push(`${random.word()}: 1`);
    if (family === 'unknown-field' && random.chance(0.3) && Object.keys(variables).length > 0) {
      const name = random.pick(Object.keys(variables));
      const value = variables[name];
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        variables[name] = { ...value, [random.word()]: jsonValue(random) };
      }
    }

    let selection = this.selection(random, field.type, family === 'deep' ? 24 : random.int(1, 3));
    if (family === 'unknown-field') selection = this.withUnknownField(random, selection);
    const args = argumentsText.length > 0 ? `(${argumentsText.join(', ')})` : '';
    let body = `${fieldName}${args}${selection}`;
    if (family === 'aliases') {
      body = Array.from({ length: random.pick([2, 31, 200, 1000]) }, (_, i) => `a${i}: ${body}`).join(' ');
    }
    if (family === 'directives') body = this.withDirectives(random, body);
    const definitionsText = definitions.length > 0 ? `(${definitions.join(', ')})` : '';
    let query: string;
    if (family === 'fragment-bomb') {
      const levels = random.pick([3, 8, 16, 24, 30]);
      const typeName = root.name;
      query =
        `${operation} Fuzz${definitionsText} { ...F0 } ` +
        Array.from(
          { length: levels - 1 },
          (_, i) => `fragment F${i} on ${typeName} { ...F${i + 1} ...F${i + 1} }`,
        ).join(' ') +
        ` fragment F${levels - 1} on ${typeName} { ${body} }`;
    } else {
      query = `${operation} Fuzz${definitionsText} { ${body} }`;
    }
    const principal = random.pick(PRINCIPALS);
    const graphqlCase = this.post(target, family, principal, { query, variables, operationName: 'Fuzz' });
    if (family === 'transport') return this.transport(random, graphqlCase, query, variables);
    graphqlCase.hostile = family === 'fragment-bomb' || family === 'aliases' || family === 'deep';
    return graphqlCase;
  }

  /** Document-level hostile requests, not tied to one field: what stalled the server before. */
  documentBomb(random: Random): HttpCase {
    const kind = random.pick([
      'fragment-bomb-24',
      'fragment-bomb-30',
      'aliases-20k',
      'typename-50k',
      'introspection-deep',
      'directives-10k',
      'nested-lists',
      'long-name',
      'subscription',
      'persisted-query',
    ] as const);
    const bomb = (levels: number) =>
      '{ ...F0 } ' +
      Array.from(
        { length: levels - 1 },
        (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
      ).join(' ') +
      ` fragment F${levels - 1} on Query { __typename }`;
    const queries: Record<typeof kind, () => string> = {
      'fragment-bomb-24': () => bomb(24),
      'fragment-bomb-30': () => bomb(30),
      'aliases-20k': () => `{ ${Array.from({ length: 20_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      'typename-50k': () => `{ ${'__typename '.repeat(50_000)}}`,
      'introspection-deep': () => {
        let inner = 'name';
        for (let i = 0; i < 40; i++) inner = `ofType { ${inner} }`;
        return `{ __schema { types { fields { type { ${inner} } } } } }`;
      },
      'directives-10k': () => `{ __typename ${'@include(if: true) '.repeat(10_000)}}`,
      'nested-lists': () => `{ node(id: ${'['.repeat(5000)}"x"${']'.repeat(5000)}) { id } }`,
      'long-name': () => `{ ${'a'.repeat(500_000)} }`,
      subscription: () => random.pick(['subscription { viewer { id } }', 'subscription { __typename }']),
      'persisted-query': () => random.pick(['x', '{ __typename }', '']),
    };
    const fuzzCase = this.post(`document.${kind}`, 'document-bomb', random.pick(PRINCIPALS), {
      query: queries[kind](),
      ...(kind === 'persisted-query'
        ? { extensions: { persistedQuery: { version: 1, sha256Hash: random.pick(['0'.repeat(64), 'x']) } } }
        : {}),
    });
    fuzzCase.hostile = true;
    return fuzzCase;
  }

  private post(target: string, family: string, principal: HttpCase['principal'], body: unknown): HttpCase {
    return {
      kind: 'http',
      surface: 'graphql',
      target,
      family,
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      principal,
    };
  }

  /** The same operation sent the ways a client should not: GET, batched, wrong content types, broken bodies. */
  private transport(
    random: Random,
    fuzzCase: HttpCase,
    query: string,
    variables: Record<string, unknown>,
  ): HttpCase {
    const variant = random.pick([
      'get',
      'get-no-preflight',
      'batch',
      'text-plain',
      'form',
      'no-content-type',
      'empty-body',
      'invalid-json',
      'json-scalar',
      'query-not-string',
      'variables-not-object',
      'wrong-operation-name',
      'multipart',
      'put',
      'huge-variables',
    ] as const);
    const withFamily = (changes: Partial<HttpCase>): HttpCase => ({
      ...fuzzCase,
      family: `transport:${variant}`,
      ...changes,
    });
    const search = (extra: Record<string, string> = {}) =>
      new URLSearchParams({ query, variables: JSON.stringify(variables), ...extra }).toString();
    switch (variant) {
      case 'get':
        return withFamily({
          method: 'GET',
          path: `/graphql?${search()}`,
          headers: { 'apollo-require-preflight': 'true' },
          body: undefined,
        });
      case 'get-no-preflight':
        return withFamily({ method: 'GET', path: `/graphql?${search()}`, headers: {}, body: undefined });
      case 'batch':
        return withFamily({ body: JSON.stringify([{ query, variables }, { query: '{ __typename }' }]) });
      case 'text-plain':
        return withFamily({ headers: { 'content-type': 'text/plain' } });
      case 'form':
        return withFamily({
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: search(),
        });
      case 'no-content-type':
        return withFamily({ headers: {} });
      case 'empty-body':
        return withFamily({ body: '' });
      case 'invalid-json':
        return withFamily({
          body: random.pick(['{', '{"query":', '{"query":"{ __typename }"}{}', '\u0000', '[}']),
        });
      case 'json-scalar':
        return withFamily({ body: random.pick(['null', '1', '"{ __typename }"', 'true', '[]', '{}']) });
      case 'query-not-string':
        return withFamily({
          body: JSON.stringify({ query: random.pick([1, null, [query], { query }, true]) }),
        });
      case 'variables-not-object':
        return withFamily({ body: JSON.stringify({ query, variables: random.pick(['x', 1, [1], true]) }) });
      case 'wrong-operation-name':
        return withFamily({ body: JSON.stringify({ query, variables, operationName: random.word() }) });
      case 'multipart':
        return withFamily({
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
          body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query })}\r\n--x--\r\n`,
        });
      case 'put':
        return withFamily({ method: random.pick(['PUT', 'PATCH', 'DELETE']) });
      case 'huge-variables':
        return withFamily({
          body: `{"query":${JSON.stringify(query)},"variables":{"extra":${deeplyNestedJson(2000)}}}`,
        });
    }
  }

  /** A value of the input type; a leaf is hostile with probability `hostileRate`. Leaves are recorded in `at`. */
  private value(
    random: Random,
    type: GraphQLInputType,
    hostileRate: number,
    depth: number,
    at?: LeafSlot,
  ): Value {
    if (isNonNullType(type)) return this.value(random, type.ofType, hostileRate, depth, at);
    if (depth > 0 && hostileRate > 0 && random.chance(0.08)) return null;
    if (isListType(type)) {
      const length = random.chance(0.03) ? random.pick([0, 100, 1001]) : random.int(0, 3);
      const list: unknown[] = [];
      for (let i = 0; i < length; i++) {
        list.push(
          this.value(
            random,
            type.ofType,
            hostileRate,
            depth + 1,
            at && { parent: list as never, key: String(i), leaves: at.leaves },
          ),
        );
      }
      return list;
    }
    if (isInputObjectType(type)) {
      const value: Record<string, unknown> = {};
      if (depth > 6) return value;
      for (const field of Object.values(type.getFields())) {
        if (!isNonNullType(field.type) && (this.minimal || random.chance(0.5))) continue;
        value[field.name] = this.value(
          random,
          field.type,
          hostileRate,
          depth + 1,
          at && { parent: value, key: field.name, leaves: at.leaves },
        );
      }
      return value;
    }
    at?.leaves.push({ parent: at.parent, key: at.key, type });
    if (isScalarType(type) && type.name === 'String' && at && hostileRate === 0)
      return namedString(random, at.key);
    if (isEnumType(type)) {
      const values = type.getValues();
      if (random.chance(hostileRate))
        return random.pick(['', 'lowercase', values[0]?.name.toLowerCase() ?? 'x', '🙂']);
      return new EnumLiteral(random.pick(values).name);
    }
    if (isScalarType(type)) return this.scalar(random, type.name, random.chance(hostileRate));
    return null;
  }

  /** A hostile value of a leaf's own type. */
  private hostileLeaf(random: Random, type: GraphQLInputType): Value {
    const named = getNamedType(type);
    if (isEnumType(named))
      return random.pick(['', named.getValues()[0]?.name.toLowerCase() ?? 'x', '🙂', 'A'.repeat(10_000)]);
    // Any leaf may get an object where a scalar belongs (class-transformer and Date() call its methods).
    if (random.chance(0.1)) return shape(random);
    if (named.name === 'DateTime')
      return random.chance(0.3) ? shape(random) : random.pick(HOSTILE_DATE_TIMES);
    return this.scalar(random, named.name, true);
  }

  private scalar(random: Random, name: string, hostile: boolean): Value {
    switch (name) {
      case 'ID':
        return random.weighted<() => string>([
          [hostile ? 1 : 6, () => random.pick(this.fixtures.globalIds)],
          [hostile ? 4 : 1, () => garbageId(random)],
        ])();
      case 'Int':
        return hostile
          ? random.pick([2 ** 31, -(2 ** 31) - 1, 1e308, 0.5, -1, 2 ** 53 + 1])
          : intValue(random);
      case 'Float':
        return hostile ? random.pick([1e308, -1e308, 2 ** 53 + 1, 1e-320]) : floatValue(random);
      case 'Boolean':
        return random.chance(0.5);
      case 'DateTime':
        return hostile ? random.pick(HOSTILE_DATE_TIMES) : dateTimeValue(random);
      case 'JSON':
      case 'JSONObject':
        return jsonValue(random);
      default:
        return hostile ? hostileString(random) : typicalString(random);
    }
  }

  /** A value of another kind than the one given: objects for scalars, strings for objects, and so on. */
  private wrongValue(random: Random, value: unknown): unknown {
    if (value instanceof EnumLiteral) return random.pick([1, { a: 1 }, [value.name]]);
    if (typeof value === 'string') return random.pick([1, true, { value }, [value, value], 1.5]);
    if (typeof value === 'number') return random.pick([String(value), 'many', { value }, [value], true]);
    if (Array.isArray(value)) return random.pick([value[0] ?? 'x', { 0: value[0] }, 'x']);
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length > 0 && random.chance(0.5)) {
        const [key] = random.pick(entries);
        return { ...value, [key]: random.pick([{ deep: deeplyNested(40) }, [[[]]], 12345678901234, 'x']) };
      }
      return random.pick(['x', 1, [value], deeplyNested(40)]);
    }
    return random.pick([{}, [], 'x', 0]);
  }

  /** A GraphQL literal for a value (an enum bare, strings JSON-escaped, which GraphQL reads the same way). */
  private literal(value: unknown): string {
    if (value instanceof EnumLiteral) return value.name;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return `[${value.map((item) => this.literal(item)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, unknown>).filter(([key]) =>
      /^[_A-Za-z]\w*$/.test(key),
    );
    return `{${entries.map(([key, item]) => `${key}: ${this.literal(item)}`).join(', ')}}`;
  }

  /** A selection of the type's fields, `depth` levels down where the types go that deep. */
  private selection(random: Random, type: GraphQLOutputType, depth: number): string {
    const named: GraphQLNamedType = getNamedType(type);
    if (isLeafType(named)) return '';
    if (isUnionType(named)) {
      const member = random.pick(named.getTypes());
      return ` { __typename ... on ${member.name} ${this.selection(random, member, depth - 1) || '{ __typename }'} }`;
    }
    if (!isObjectType(named) && !isInterfaceType(named)) return ' { __typename }';
    const fields = Object.values(named.getFields()).filter(
      (field) => !field.args.some((argument) => isNonNullType(argument.type)),
    );
    const chosen = new Set<GraphQLField<unknown, unknown>>();
    // Payloads always ask for their user errors: that is where a refused input shows.
    const userErrors = fields.find((field) => field.name === 'userErrors');
    if (userErrors) chosen.add(userErrors);
    for (let i = random.int(1, 4); i > 0 && fields.length > 0; i--) chosen.add(random.pick(fields));
    const parts = ['__typename'];
    for (const field of chosen) {
      const inner = getNamedType(field.type);
      const args =
        field.args.length > 0 && random.chance(0.3)
          ? `(${field.args
              .slice(0, 2)
              .map(
                (argument) => `${argument.name}: ${this.literal(this.value(random, argument.type, 0.3, 1))}`,
              )
              .join(', ')})`
          : '';
      if (isLeafType(inner)) parts.push(`${field.name}${args}`);
      else if (depth > 1) parts.push(`${field.name}${args}${this.selection(random, field.type, depth - 1)}`);
      else if (field.name === 'userErrors') parts.push('userErrors { code field message }');
    }
    return ` { ${parts.join(' ')} }`;
  }

  private withUnknownField(random: Random, selection: string): string {
    const unknown = random.pick([random.word(), '__proto__', 'constructor', '__typename { id }', 'id(x: 1)']);
    return selection ? selection.replace(/ }$/, ` ${unknown} }`) : ` { ${unknown} }`;
  }

  private withDirectives(random: Random, body: string): string {
    return random.pick([
      `${body} @include(if: "yes")`,
      `${body} @skip(if: true) @skip(if: false)`,
      `${body} @${random.word()}`,
      `${body} ${'@include(if: true) '.repeat(random.pick([2, 100, 1000]))}`,
      `${body} @deprecated`,
    ]);
  }
}
