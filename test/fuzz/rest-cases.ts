import { Fixtures, HttpCase, PRINCIPALS } from './cases';
import { Random } from './random';
import {
  HOSTILE_DATE_TIMES,
  PROTOTYPE_KEYS,
  shape,
  dateTimeValue,
  deeplyNestedJson,
  floatValue,
  hostileString,
  intValue,
  jsonValue,
  namedString,
  typicalString,
} from './values';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Where a generated leaf of a body sits, so that one can be made hostile afterwards. */
interface RestLeaf {
  parent: Record<string, unknown>;
  key: string;
  schema: Schema;
}
interface RestSlot {
  parent: Record<string, unknown>;
  key: string;
  leaves: RestLeaf[];
}

interface Route {
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every character of a path parameter that must be percent-encoded, and some that are allowed raw. */
const GARBAGE_PATH_SEGMENTS: readonly string[] = [
  '%00',
  '%ZZ',
  '%',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%C3%BC',
  '%ED%A0%80',
  '%FF%FE',
  '%F0%9F%99%82',
  '%20',
  "'",
  '-1',
  '0',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(101),
  'a'.repeat(5000),
  '%5Cu0000',
  '__proto__',
  'constructor',
];

/** Percent-encoding that also writes lone surrogates (as their WTF-8 bytes), where encodeURIComponent throws. */
export function percentEncoded(text: string): string {
  let encoded = '';
  for (const character of text) {
    const unit = character.charCodeAt(0);
    if (character.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else encoded += encodeURIComponent(character);
  }
  return encoded;
}

/**
 * REST requests generated from the live `/openapi.json`: every operation is a target, so a new route is fuzzed
 * without editing the test. Path parameters take real values from the fixtures by name, or garbage.
 */
export class RestCases {
  private readonly routes: Route[] = [];

  constructor(
    private readonly document: OpenApiDocument,
    private readonly fixtures: Fixtures,
  ) {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (METHODS.includes(method)) this.routes.push({ method: method.toUpperCase(), path, operation });
      }
    }
  }

  targets(): string[] {
    return this.routes.map((route) => `${route.method} ${route.path}`).sort();
  }

  /** A route's path with its parameters filled in with real values (for raw-socket requests). */
  samplePath(random: Random): string {
    // Routes that answer pages for people (HTML) are left out: a raw request's error must be problem details.
    const route = random.pick(
      this.routes.filter((candidate) =>
        Object.values(candidate.operation.responses ?? {}).every((response) =>
          Object.keys(response.content ?? {}).every((type) => type.includes('json')),
        ),
      ),
    );
    return this.fillPath(random, route, false);
  }

  generate(random: Random, target: string): HttpCase {
    const route = this.routes.find((candidate) => `${candidate.method} ${candidate.path}` === target)!;
    const family = random.weighted<string>([
      [20, 'typed'],
      [20, 'hostile'],
      [10, 'hostile-all'],
      [8, 'prototype-keys'],
      [6, 'large-body'],
      [10, 'garbage-path'],
      [8, 'content-type'],
      [6, 'broken-body'],
      [4, 'deep-body'],
      [4, 'wrong-method'],
      [4, 'hostile-query'],
    ]);
    // A hostile request is a typed one with exactly one leaf of the body made hostile (of its own type), so that nothing
    // else is refused first.
    const hostileRate = ['typed', 'hostile', 'hostile-all'].includes(family) ? 0 : 0.05;
    const signed = (route.operation.parameters ?? []).find((p) =>
      ['webhook-signature', 'x-indeed-signature'].includes(p.name.toLowerCase()),
    );
    const board =
      signed && this.fixtures.boards.length > 0 && random.chance(0.85)
        ? random.pick(this.fixtures.boards)
        : null;
    let path = this.fillPath(random, route, family === 'garbage-path', board?.slug);
    const query = this.query(random, route, family === 'hostile-query' ? 0.6 : hostileRate);
    if (query) path += `?${query}`;
    const headers: Record<string, string> = {};
    for (const parameter of route.operation.parameters ?? []) {
      if (parameter.in !== 'header' || signed === parameter) continue;
      // Header values go through the HTTP client, which refuses control characters: printable ASCII only.
      if (random.chance(0.5))
        headers[parameter.name.toLowerCase()] = random.pick([
          'x',
          random.word(40),
          '',
          'a'.repeat(300),
          '🙂'.replace(/./gu, '?'),
        ]);
    }
    const fuzzCase: HttpCase = {
      kind: 'http',
      surface: 'rest',
      target,
      family,
      method: route.method,
      path,
      headers,
      principal: route.operation.security?.length
        ? random.weighted([
            [6, 'admin'],
            [2, 'apiKey'],
            [1, 'anonymous'],
            [1, 'garbage'],
          ] as const)
        : random.pick(PRINCIPALS),
    };
    fuzzCase.declared = Object.fromEntries(
      Object.entries(route.operation.responses ?? {}).map(([status, response]) => [
        status,
        Object.keys(response.content ?? {}),
      ]),
    );
    if (board && signed) {
      fuzzCase.sign = {
        scheme: signed.name.toLowerCase() === 'webhook-signature' ? 'standard-webhooks' : 'indeed',
        secret: board.secret,
      };
    }
    const content = route.operation.requestBody?.content ?? {};
    const jsonSchema = content['application/json']?.schema;
    const takesBody = route.operation.requestBody !== undefined || route.method !== 'GET';
    if (takesBody && route.method !== 'GET' && route.method !== 'DELETE') {
      const holder: Record<string, unknown> = {};
      const leaves: RestLeaf[] = [];
      if (jsonSchema)
        holder.body = this.value(random, jsonSchema, hostileRate, 0, { parent: holder, key: 'body', leaves });
      else if (random.chance(0.5)) holder.body = {};
      if (family === 'hostile-all') {
        // Every leaf at once: converters (dates, class-transformer) run on all of them before anything is validated.
        for (const leaf of leaves) leaf.parent[leaf.key] = this.hostileLeaf(random, leaf.schema);
      } else if (family === 'hostile' && leaves.length > 0) {
        // Leaves that are parsed (dates, numbers, files, enums) are aimed at more often than free text.
        const leaf = random.weighted(
          leaves.map((candidate) => {
            const schema = this.resolve(candidate.schema);
            return [schema.type === 'string' && !schema.format && !schema.enum ? 1 : 3, candidate] as const;
          }),
        );
        leaf.parent[leaf.key] = this.hostileLeaf(random, leaf.schema);
      }
      const value = holder.body;
      if (value !== undefined) {
        fuzzCase.headers['content-type'] = 'application/json';
        fuzzCase.body = JSON.stringify(value);
      }
    }
    switch (family) {
      case 'prototype-keys':
        fuzzCase.headers['content-type'] = 'application/json';
        fuzzCase.body = this.withPrototypeKey(
          random,
          typeof fuzzCase.body === 'string' ? fuzzCase.body : '{}',
        );
        break;
      case 'large-body':
        fuzzCase.headers['content-type'] = 'application/json';
        fuzzCase.body = random.pick([
          () => JSON.stringify({ fullName: 'x'.repeat(2 * 1024 * 1024) }),
          () => `[${'1,'.repeat(1024 * 1024)}1]`,
          () =>
            JSON.stringify({
              postingId: 'x',
              resume: { data: 'A'.repeat(2 * 1024 * 1024), fileName: 'a.pdf' },
            }),
          () => JSON.stringify({ fullName: 'x'.repeat(900 * 1024), email: 'a@example.com', consent: true }),
        ])();
        fuzzCase.hostile = true;
        break;
      case 'content-type':
        this.wrongContentType(random, fuzzCase, content);
        break;
      case 'broken-body':
        fuzzCase.headers['content-type'] = random.pick([
          'application/json',
          'application/json; charset=utf-8',
        ]);
        fuzzCase.body = random.pick([
          '',
          '{',
          '{"a":',
          'null',
          '[]',
          '"x"',
          '1',
          '{"a":1}{}',
          '\u0000',
          '{"a":"\\ud800"}',
          '{"a":1,"a":2}',
          '\ufeff{}',
        ]);
        if (fuzzCase.method === 'GET') fuzzCase.method = 'POST';
        break;
      case 'deep-body':
        fuzzCase.headers['content-type'] = 'application/json';
        fuzzCase.body = `{"fullName":"x","links":${deeplyNestedJson(random.pick([40, 500, 5000]))}}`;
        break;
      case 'wrong-method':
        delete fuzzCase.declared;
        fuzzCase.method = random.pick([
          'PUT',
          'PATCH',
          'DELETE',
          'OPTIONS',
          'HEAD',
          'POST',
          'GET',
          'PROPFIND',
          'TRACE',
        ]);
        if (fuzzCase.method === 'GET' || fuzzCase.method === 'HEAD') delete fuzzCase.body;
        break;
    }
    return fuzzCase;
  }

  private fillPath(random: Random, route: Route, garbage: boolean, slug?: string): string {
    return route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (name === 'slug' && slug) return slug;
      const real = this.fixtures.pathValues[name] ?? [];
      if (!garbage && real.length > 0 && random.chance(0.8)) return percentEncoded(random.pick(real));
      if (garbage && random.chance(0.6)) return random.pick(GARBAGE_PATH_SEGMENTS);
      return percentEncoded(random.chance(0.5) ? hostileString(random).slice(0, 300) : random.word());
    });
  }

  private query(random: Random, route: Route, hostileRate: number): string {
    const pairs: [string, string][] = [];
    for (const parameter of route.operation.parameters ?? []) {
      if (parameter.in !== 'query' || random.chance(0.4)) continue;
      const value = this.value(random, parameter.schema ?? { type: 'string' }, hostileRate, 0);
      pairs.push([parameter.name, typeof value === 'string' ? value : JSON.stringify(value)]);
      if (random.chance(0.05)) pairs.push([parameter.name, 'again']);
    }
    if (random.chance(0.05)) pairs.push([random.word(), random.word()]);
    let text = pairs.map(([name, value]) => `${percentEncoded(name)}=${percentEncoded(value)}`).join('&');
    // Escapes no encoder writes: a lone surrogate's bytes, NUL, a malformed escape, a byte that is not UTF-8.
    if (random.chance(hostileRate / 4)) {
      text += `&${random.pick(['first', 'since', 'types', 'after', 'content'])}=${random.pick(['%ED%A0%80', '%00', '%ZZ', '%FF', '%'])}`;
    }
    return text;
  }

  /** A hostile value of a leaf's own type. */
  private hostileLeaf(random: Random, schema: Schema): unknown {
    const resolved = this.resolve(schema);
    if (random.chance(resolved.format === 'date-time' ? 0.4 : 0.15)) return shape(random);
    if (resolved.format === 'date-time') return random.pick(HOSTILE_DATE_TIMES);
    switch (resolved.type) {
      case 'integer':
      case 'number':
        return random.pick([-1, 2 ** 53 + 1, 1e308, 0.5, '12', 'NaN', '1e3', -0]);
      case 'boolean':
        return random.pick(['true', 1, 0, null, 'false']);
      default:
        return resolved.format === 'byte'
          ? random.pick(['', '!!!', 'A'.repeat(7_000_001), '====', 'AA==AA=='])
          : hostileString(random);
    }
  }

  private value(random: Random, schema: Schema, hostileRate: number, depth: number, at?: RestSlot): unknown {
    const resolved = this.resolve(schema);
    const slot = (parent: Record<string, unknown>, key: string): RestSlot | undefined =>
      at && { parent, key, leaves: at.leaves };
    if (resolved.enum && !random.chance(hostileRate)) {
      at?.leaves.push({ parent: at.parent, key: at.key, schema });
      return random.pick(resolved.enum);
    }
    if (random.chance(hostileRate / 3)) return jsonValue(random);
    switch (resolved.type) {
      case 'object': {
        const value: Record<string, unknown> = {};
        if (depth > 5) return value;
        const required = new Set(resolved.required ?? []);
        for (const [name, property] of Object.entries(resolved.properties ?? {})) {
          if (!required.has(name) && random.chance(at?.leaves && hostileRate === 0 ? 0.3 : 0.4)) continue;
          if (required.has(name) && random.chance(hostileRate / 4)) continue;
          value[name] = this.value(random, property, hostileRate, depth + 1, slot(value, name));
        }
        if (random.chance(hostileRate / 3)) value[random.word()] = jsonValue(random);
        return value;
      }
      case 'array': {
        const list: unknown[] = [];
        const length = hostileRate > 0 && random.chance(0.05) ? 200 : random.int(0, 3);
        for (let i = 0; i < length; i++) {
          list.push(
            this.value(random, resolved.items ?? {}, hostileRate, depth + 1, slot(list as never, String(i))),
          );
        }
        return list;
      }
      case 'integer':
      case 'number':
        at?.leaves.push({ parent: at.parent, key: at.key, schema });
        if (random.chance(hostileRate)) return random.pick([-1, 2 ** 53 + 1, 1e308, 0.5, '12', 'NaN', '1e3']);
        return resolved.type === 'integer' ? intValue(random) : floatValue(random);
      case 'boolean':
        at?.leaves.push({ parent: at.parent, key: at.key, schema });
        return random.chance(hostileRate) ? random.pick(['true', 1, 0, null]) : random.chance(0.8);
      case 'string':
      default:
        at?.leaves.push({ parent: at.parent, key: at.key, schema });
        if (resolved.format === 'date-time')
          return random.chance(hostileRate) ? random.pick(HOSTILE_DATE_TIMES) : dateTimeValue(random);
        if (schema.example !== undefined && random.chance(0.3)) return schema.example;
        if (at && hostileRate === 0) return namedString(random, at.key);
        if (resolved.format === 'byte' || /base64/i.test(resolved.format ?? ''))
          return Buffer.from(random.word(40)).toString('base64');
        return random.chance(hostileRate) ? hostileString(random) : typicalString(random);
    }
  }

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let i = 0; i < 10; i++) {
      if (current.$ref) {
        const name = current.$ref.split('/').pop()!;
        current = this.document.components?.schemas?.[name] ?? {};
      } else if (current.allOf?.length) {
        current = current.allOf.reduce<Schema>((merged, part) => ({ ...merged, ...this.resolve(part) }), {});
      } else if (current.oneOf?.length || current.anyOf?.length) {
        current = (current.oneOf ?? current.anyOf)![0];
      } else break;
    }
    return current;
  }

  /** Puts a prototype key into the JSON text at the top or inside an object member. */
  private withPrototypeKey(random: Random, body: string): string {
    const key = random.pick(PROTOTYPE_KEYS);
    const value = random.pick([
      '{"polluted":true}',
      '{"prototype":{"x":1}}',
      '" "',
      'true',
      '{}',
      '{"toString":{}}',
    ]);
    if (!body.startsWith('{')) return `{"${key}":${value}}`;
    // Into a nested member: the first `":{` if there is one, else the top.
    const nested = body.indexOf('":{');
    if (nested > 0 && random.chance(0.5))
      return `${body.slice(0, nested + 3)}"${key}":${value},${body.slice(nested + 3)}`.replace(',}', '}');
    return body === '{}' ? `{"${key}":${value}}` : `{"${key}":${value},${body.slice(1)}`;
  }

  private wrongContentType(random: Random, fuzzCase: HttpCase, content: Record<string, unknown>): void {
    const variant = random.pick([
      'text/plain',
      'xml',
      'form',
      'none',
      'multipart-garbage',
      'multipart-fields',
      'json-latin1',
      'octet',
    ] as const);
    if (fuzzCase.method === 'GET') fuzzCase.method = random.pick(['POST', 'GET']);
    const body = fuzzCase.body ?? '{}';
    switch (variant) {
      case 'text/plain':
        fuzzCase.headers['content-type'] = 'text/plain';
        fuzzCase.body = body;
        break;
      case 'xml':
        fuzzCase.headers['content-type'] = 'application/xml';
        fuzzCase.body = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>';
        break;
      case 'form':
        fuzzCase.headers['content-type'] = 'application/x-www-form-urlencoded';
        fuzzCase.body = 'a=1&__proto__[x]=1';
        break;
      case 'none':
        delete fuzzCase.headers['content-type'];
        fuzzCase.body = body;
        break;
      case 'octet':
        fuzzCase.headers['content-type'] = 'application/octet-stream';
        fuzzCase.body = Buffer.from([0, 1, 2, 255, 254]);
        break;
      case 'json-latin1':
        fuzzCase.headers['content-type'] = 'application/json; charset=iso-8859-1';
        fuzzCase.body = Buffer.from('{"fullName":"\xe9\xff"}', 'latin1');
        break;
      case 'multipart-garbage':
        fuzzCase.headers['content-type'] = random.pick([
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/form-data; boundary=x',
        ]);
        fuzzCase.body = random.pick([
          'garbage',
          '--x\r\n\r\n',
          '--x--',
          '--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--\r\n',
        ]);
        break;
      case 'multipart-fields': {
        // A well-formed form with the JSON fields as text parts and a file part, whether the route takes forms or not.
        const fields = JSON.parse(typeof body === 'string' && body.startsWith('{') ? body : '{}') as Record<
          string,
          unknown
        >;
        const parts = Object.entries(fields).map(
          ([name, value]) =>
            `--x\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`,
        );
        parts.push(
          `--x\r\nContent-Disposition: form-data; name="${random.pick(['resume', 'file', 'fullName'])}"; filename="${random.pick(['cv.pdf', '../../x', 'a\u0000.txt', ''])}"\r\nContent-Type: ${random.pick(['application/pdf', 'text/plain', 'image/png'])}\r\n\r\n${random.pick(['%PDF-1.4 garbage', 'hello', ''])}\r\n`,
        );
        if (random.chance(0.3)) parts.push(parts[parts.length - 1]);
        fuzzCase.headers['content-type'] = 'multipart/form-data; boundary=x';
        fuzzCase.body = Buffer.from(`${parts.join('')}--x--\r\n`, 'utf8');
        break;
      }
    }
    void content;
  }
}
