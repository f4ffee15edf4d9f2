import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, environmentVariableNames, loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('applies documented defaults when nothing is set', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: '.data',
      DATABASE_POOL_SIZE: 10,
      MIGRATIONS_RUN: true,
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 1048576,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads and converts set values', () => {
    const env = loadEnvironment({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/ats',
      LOG_LEVEL: 'debug',
    });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBe('postgres://u:p@db:5432/ats');
    expect(env.LOG_LEVEL).toBe('debug');
  });

  it('treats an empty DATABASE_URL as unset (embedded database)', () => {
    expect(loadEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/ats'],
    ['DATABASE_POOL_SIZE', '0'],
    ['LOG_LEVEL', 'verbose'],
    ['NODE_ENV', 'staging'],
    ['MIGRATIONS_RUN', 'yes'],
    ['BODY_LIMIT_BYTES', '12'],
    ['ORGANIZATION_URL', 'example.com'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['ORGANIZATION_NAME', ''],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(ConfigurationError);
    expect(() => loadEnvironment({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('lists every offending variable at once', () => {
    expect(() => loadEnvironment({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT=[\s\S]*LOG_LEVEL=|LOG_LEVEL=[\s\S]*PORT=/,
    );
  });
});

describe('configuration errors', () => {
  it('never echo a connection string, which may hold a password', () => {
    expect(() => loadEnvironment({ DATABASE_URL: 'mysql://admin:hunter2@db/ats' })).toThrow(
      /DATABASE_URL=\(value hidden\)/,
    );
    expect(() => loadEnvironment({ DATABASE_URL: 'mysql://admin:hunter2@db/ats' })).not.toThrow(/hunter2/);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
  ])('%j -> %j', (value, expected) => {
    expect(loadEnvironment({ TRUST_PROXY: value }).trustProxy()).toEqual(expected);
  });

  it('a number trusts that many hops', () => {
    const trust = loadEnvironment({ TRUST_PROXY: '2' }).trustProxy() as (
      address: string,
      hop: number,
    ) => boolean;
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadEnvironment({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY=/);
  });
});

describe('.env.example', () => {
  const lines = readFileSync(join(__dirname, '../../.env.example'), 'utf8').split('\n');

  it('names every variable the service reads', () => {
    const named = new Set(lines.map((line) => /^#?\s*([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1]).filter(Boolean));
    expect(environmentVariableNames().filter((name) => !named.has(name))).toEqual([]);
  });

  it('is a valid configuration as it stands', () => {
    const values = Object.fromEntries(
      lines
        .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(() => loadEnvironment(values)).not.toThrow();
  });
});

describe('observability settings', () => {
  it.each([
    [{}, { metrics: false, tracing: false, ide: true }],
    [{ METRICS_PORT: '9464' }, { metrics: true, tracing: false, ide: true }],
    [{ METRICS_TOKEN: 'a-token-of-16-chars' }, { metrics: true, tracing: false, ide: true }],
    [{ METRICS_PORT: '' }, { metrics: false, tracing: false, ide: true }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, { metrics: false, tracing: true, ide: true }],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) },
      { metrics: false, tracing: false, ide: false },
    ],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GRAPHQL_IDE: 'true' },
      { metrics: false, tracing: false, ide: true },
    ],
    [{ GRAPHQL_IDE: 'false' }, { metrics: false, tracing: false, ide: false }],
  ])('%j → %j', (raw, expected) => {
    const env = loadEnvironment(raw);
    expect({
      metrics: env.metricsEnabled(),
      tracing: env.tracingEnabled(),
      ide: env.graphqlIdeEnabled(),
    }).toEqual(expected);
  });

  it.each([
    [
      { METRICS_TOKEN: 'short' },
      /METRICS_TOKEN=\(value hidden\): METRICS_TOKEN must be at least 16 characters/,
    ],
    [{ METRICS_PORT: '70000' }, /METRICS_PORT=/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }, /OTEL_EXPORTER_OTLP_ENDPOINT=\(value hidden\)/],
    [{ GRAPHQL_IDE: 'yes' }, /GRAPHQL_IDE must be true or false/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT=/],
  ])('refuses %j', (raw, message) => {
    expect(() => loadEnvironment(raw)).toThrow(message);
  });
});
