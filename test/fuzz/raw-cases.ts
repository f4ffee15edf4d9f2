import { RawCase } from './cases';
import { Random } from './random';

/**
 * Requests Node's HTTP parser refuses (or takes in ways a client library never sends): each must be answered with
 * problem details and nothing above 499, never with Fastify's or Node's own bodies, and must not stall the server.
 */
export function rawCase(random: Random, path: string): RawCase {
  const host = 'Host: fuzz\r\n';
  const variants: Record<string, () => string> = {
    'bad-http-version': () =>
      `GET ${path} HTTP/${random.pick(['9.9', '1.2', '0.9', 'x', '11.1'])}\r\n${host}\r\n`,
    'unknown-method': () =>
      `${random.pick(['FOO', 'GETT', 'G\u00e9T', '123', 'PRI'])} ${path} HTTP/1.1\r\n${host}\r\n`,
    'broken-chunked': () =>
      `POST ${path} HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
      random.pick([
        'zz\r\n{}\r\n0\r\n\r\n',
        '5\r\n{}\r\n0\r\n\r\n',
        'ffffffffffffffffff\r\n{}\r\n',
        '2\r\n{}0\r\n\r\n',
      ]),
    'duplicate-content-length': () =>
      `POST ${path} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    'content-length-and-chunked': () =>
      `POST ${path} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
    'negative-content-length': () => `POST ${path} HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`,
    'huge-headers': () =>
      `GET ${path} HTTP/1.1\r\n${host}X-Fuzz: ${'a'.repeat(random.pick([17_000, 40_000]))}\r\n\r\n`,
    'many-headers': () =>
      `GET ${path} HTTP/1.1\r\n${host}${Array.from({ length: 3000 }, (_, i) => `X-${i}: 1\r\n`).join('')}\r\n`,
    'long-url': () => `GET ${path}/${'a'.repeat(17_000)} HTTP/1.1\r\n${host}\r\n`,
    'raw-non-ascii-path': () => `GET ${path}/\u00fc\u00ff HTTP/1.1\r\n${host}\r\n`,
    'control-in-header': () => `GET ${path} HTTP/1.1\r\n${host}X-Fuzz: a\u0000b\r\n\r\n`,
    'header-without-colon': () => `GET ${path} HTTP/1.1\r\n${host}NoColonHere\r\n\r\n`,
    'space-before-colon': () => `GET ${path} HTTP/1.1\r\n${host}X-Fuzz : 1\r\n\r\n`,
    'bare-lf': () => `GET ${path} HTTP/1.1\n${host.replace('\r\n', '\n')}\n`,
    'no-host': () => `GET ${path} HTTP/1.1\r\n\r\n`,
    'absolute-form': () => `GET http://evil.example${path} HTTP/1.1\r\n${host}\r\n`,
    'asterisk-form': () => `OPTIONS * HTTP/1.1\r\n${host}\r\n`,
    'http-1.0': () => `GET ${path} HTTP/1.0\r\n\r\n`,
    'garbage-line': () =>
      `${random.pick(['\u0016\u0003\u0001\u0002\u0000', 'hello', '\r\n\r\n\r\n', 'GET'])}\r\n\r\n`,
    'invalid-percent': () => `GET ${path}%ZZ%ED%A0%80 HTTP/1.1\r\n${host}\r\n`,
    'short-body': () =>
      `POST ${path} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"a":1}`,
  };
  const name = random.pick(Object.keys(variants));
  const bytes = Buffer.from(variants[name](), 'latin1');
  return {
    kind: 'raw',
    surface: 'raw',
    target: `raw ${name}`,
    family: 'raw-http',
    bytes,
    hostile: name === 'many-headers' || name === 'huge-headers',
    incomplete: name === 'short-body' || /^[\r\n]*$/.test(bytes.toString('latin1')),
  };
}
