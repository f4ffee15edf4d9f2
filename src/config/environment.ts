import { plainToInstance, Transform } from 'class-transformer';
import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MinLength,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
/** `true`/`false` (any case, surrounding blanks ignored) as booleans; anything else is left for the validator to refuse. */
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every setting the service reads, validated once at start-up. Nothing else reads process.env, so this class
 * (and .env.example) is the complete list. Each property's comment is its documentation.
 */
export class Environment {
  /** `production` turns GraphQL introspection off by default and requires JWT_SECRET. */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** Address the HTTP server binds to. */
  @IsString()
  HOST = '0.0.0.0';

  /** HTTP port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** PostgreSQL connection string. When unset, an embedded PostgreSQL (PGlite) is started under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Directory for the embedded database's files (only used without DATABASE_URL). */
  @IsString()
  DATA_DIR = '.data';

  /** Maximum connections in the pool of one process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Apply pending migrations at start-up (true or false). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'MIGRATIONS_RUN must be true or false' })
  MIGRATIONS_RUN = true;

  /** pino log level. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Largest accepted request body, in bytes; larger bodies get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** HMAC key (≥ 32 characters) signing access tokens; required in production. Elsewhere a random per-process key. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required in production' })
  @MinLength(32)
  JWT_SECRET?: string;

  /** Lifetime of access tokens from POST /v1/auth/token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_TTL_SECONDS = 900;

  /** With ADMIN_PASSWORD: the administrator created at start-up when there are no users yet. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  /** Password of the bootstrap administrator (≥ 12 characters). */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD is required with ADMIN_EMAIL' })
  @MinLength(12)
  ADMIN_PASSWORD?: string;

  /** With OIDC_AUDIENCE and OIDC_JWKS_URL: also accept tokens of this OpenID Connect issuer. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => Boolean(env.OIDC_ISSUER || env.OIDC_AUDIENCE || env.OIDC_JWKS_URL))
  @IsString({ message: 'OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together' })
  OIDC_ISSUER?: string;

  /** The audience OIDC tokens must carry (this API's client id at the provider). */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => Boolean(env.OIDC_ISSUER || env.OIDC_AUDIENCE || env.OIDC_JWKS_URL))
  @IsString({ message: 'OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together' })
  OIDC_AUDIENCE?: string;

  /** Where the provider publishes its signing keys. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => Boolean(env.OIDC_ISSUER || env.OIDC_AUDIENCE || env.OIDC_JWKS_URL))
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_JWKS_URL must be a URL' })
  OIDC_JWKS_URL?: string;

  /** Requests per minute one user or API key may make (429 with Retry-After beyond it). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Failed sign-ins allowed per e-mail address within SIGN_IN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_MAX_FAILURES = 5;

  /** Failed sign-ins allowed per client IP address within SIGN_IN_WINDOW_SECONDS (offices share addresses). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_MAX_FAILURES_PER_IP = 50;

  /**
   * Which proxies in front of the service to trust for the client's address (X-Forwarded-For): "false" (none, the
   * default), "true" (all), a number of hops, or comma-separated addresses/CIDRs. Sign-in throttling, rate limits
   * and the audit log use that address.
   */
  @Matches(/^(true|false|\d+|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a number of hops or comma-separated addresses',
  })
  TRUST_PROXY = 'false';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  SIGN_IN_WINDOW_SECONDS = 900;

  /** Comma-separated origins browsers may call the API from; empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  /** GraphQL introspection; by default on except in production. */
  @Transform((field) => toBoolean({ value: emptyToUndefined(field) }))
  @IsOptional()
  @IsBoolean({ message: 'GRAPHQL_INTROSPECTION must be true or false' })
  GRAPHQL_INTROSPECTION?: boolean;

  /** Largest static cost of one GraphQL operation (fields weighted by the page sizes above them). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COST = 10_000;

  /** Most lexical tokens one GraphQL document may have; the parser stops at this many (a frontend needs far fewer). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(100_000)
  GRAPHQL_MAX_TOKENS = 5_000;

  /** The employer's name, shown as hiringOrganization in JSON-LD, as company and publisher in the Indeed feed. */
  @IsString()
  @MinLength(1)
  ORGANIZATION_NAME = 'Requisite';

  /** The employer's web site (hiringOrganization.sameAs, the feed's publisherurl). */
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'ORGANIZATION_URL must be a URL' })
  ORGANIZATION_URL = 'https://example.com';

  /**
   * Where this service is reachable from the internet, without a trailing slash: job-page URLs, feed links and the
   * inbound application URL given to boards are built on it.
   */
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_BASE_URL must be a URL' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /**
   * What this process runs: `all` (the API and the background worker, the default), `api` (HTTP only) or
   * `worker` (background jobs only, no HTTP), so API and workers can scale separately.
   */
  @IsIn(['all', 'api', 'worker'])
  RUN_MODE: 'all' | 'api' | 'worker' = 'all';

  /** Background jobs (webhook deliveries, fan-out) one worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 16;

  /** How often an idle worker looks for scheduled jobs, in milliseconds (new jobs arrive by LISTEN/NOTIFY). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  WORKER_POLL_INTERVAL_MS = 1000;

  /**
   * A worker that has not reported for this many seconds is presumed dead (killed, crashed, partitioned): another
   * worker releases its jobs so they run again. Workers report four times per period.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(3600)
  WORKER_DEAD_AFTER_SECONDS = 30;

  /**
   * How long reading one resume's text (PDF, DOCX) may take, in milliseconds; a file still being read then is cut
   * off and its resume ends FAILED with reason TIMEOUT.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300_000)
  RESUME_PARSE_TIMEOUT_MS = 20_000;

  /** PDF resumes with more pages than this are not read (FAILED, TOO_MANY_PAGES). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  RESUME_MAX_PAGES = 30;

  /** How long a webhook endpoint has to answer one delivery attempt, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 15_000;

  /**
   * Delays before each webhook delivery attempt, in seconds, comma-separated: the first is the initial attempt.
   * The default (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h) spans about three days.
   */
  @Matches(/^\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?){0,29}$/, {
    message: 'WEBHOOK_RETRY_SCHEDULE must be up to 30 comma-separated delays in seconds',
  })
  WEBHOOK_RETRY_SCHEDULE = '0,5,300,1800,7200,18000,36000,50400,72000,86400';

  /** After rotateWebhookSecret, deliveries are signed with the old secret as well for this many seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400)
  WEBHOOK_SECRET_OVERLAP_SECONDS = 86_400;

  /**
   * Finished webhook deliveries (SUCCEEDED or FAILED) and their attempts are deleted this many days after they
   * finished, by a daily job; pending ones are kept however old. The events themselves stay (feed and replay).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

  /**
   * A candidate none of whose applications is live any more (rejected, withdrawn, or on a closed or filled
   * requisition), and who was never hired, is kept this many days after the last one ended (`retainUntil`, set
   * automatically; docs/privacy.md).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CANDIDATE_RETENTION_DAYS = 730;

  /**
   * A candidate who consented to be kept (`consentGivenAt`, `recordCandidateConsent`, the career page's checkbox)
   * is kept at least this many days after the consent, unless the consent named its own end; whichever of this and
   * CANDIDATE_RETENTION_DAYS ends later applies.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CANDIDATE_CONSENT_RETENTION_DAYS = 1095;

  /** A subscription whose deliveries have failed without a success for this many seconds is disabled. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_SECONDS = 5 * 86_400;

  /**
   * Attempts per subscription one worker process runs in parallel (the subscription's lane); the claimer skips a
   * subscription whose lane is full, so a slow endpoint cannot hold up the others.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_SUBSCRIPTION_CONCURRENCY = 4;

  /** Attempts one worker process's webhook claimer has in flight at most, over every subscription. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_MAX_IN_FLIGHT = 64;

  /** How often an idle webhook claimer looks for due deliveries it was not woken for (retries, expired leases). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  WEBHOOK_POLL_INTERVAL_MS = 1000;

  /** Accept plain-http subscription URLs (development only: payloads and signatures travel in clear). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'WEBHOOK_ALLOW_HTTP must be true or false' })
  WEBHOOK_ALLOW_HTTP = false;

  /**
   * Comma-separated CIDRs webhook URLs may resolve to although they are private, loopback, link-local or otherwise
   * internal (e.g. `10.20.0.0/16` for an on-premises receiver). Empty: only public addresses.
   */
  @Matches(/^([0-9a-fA-F.:]+\/\d{1,3}(\s*,\s*[0-9a-fA-F.:]+\/\d{1,3})*)?$/, {
    message: 'WEBHOOK_ALLOWED_CIDRS must be comma-separated CIDRs such as 10.0.0.0/8',
  })
  WEBHOOK_ALLOWED_CIDRS = '';

  /**
   * Serve Prometheus metrics at `/metrics` on this separate port (bind address: HOST). Unset: no metrics port. A
   * worker process (RUN_MODE=worker) has no other HTTP listener, so it is scraped here.
   */
  @Transform((field) => toInt({ value: emptyToUndefined(field) }))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /**
   * A secret (≥ 16 characters) a scraper sends as `Authorization: Bearer <token>`. Set, `/metrics` is also served on
   * the API port, and the metrics port asks for it too. Metrics are never public by default.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * The OTLP/HTTP endpoint traces are sent to (e.g. `http://otel-collector:4318`). Unset: no tracing, and none of
   * the OpenTelemetry SDK is loaded. The SDK reads the other standard `OTEL_*` variables itself.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be a URL' },
  )
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The service name traces are reported under. */
  @IsString()
  @MinLength(1)
  OTEL_SERVICE_NAME = 'requisite';

  /** The GraphiQL IDE at `GET /graphql` in a browser; by default on except in production. */
  @Transform((field) => toBoolean({ value: emptyToUndefined(field) }))
  @IsOptional()
  @IsBoolean({ message: 'GRAPHQL_IDE must be true or false' })
  GRAPHQL_IDE?: boolean;

  /**
   * `pretty` (human-readable, pino-pretty), `json` (one JSON object a line), or `auto`: pretty when standard output
   * is a terminal and NODE_ENV is not production, JSON otherwise.
   */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  /**
   * Where the per-caller request counts (RATE_LIMIT_PER_MINUTE) are kept: `memory` (each process counts alone; one
   * API process), `postgres` (an UNLOGGED table shared by every process: one upsert per request) or `redis`
   * (REDIS_URL; needs the optional `ioredis` package).
   */
  @IsIn(['memory', 'postgres', 'redis'])
  RATE_LIMIT_STORE: 'memory' | 'postgres' | 'redis' = 'memory';

  /** The Redis server of RATE_LIMIT_STORE=redis (`redis://` or `rediss://`, with credentials if any). */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.RATE_LIMIT_STORE === 'redis' || env.REDIS_URL !== undefined)
  @IsString({ message: 'REDIS_URL is required with RATE_LIMIT_STORE=redis' })
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * On SIGTERM, seconds between readiness turning false (503 on /health/ready) and new requests being refused, so
   * that a load balancer polling readiness stops sending traffic first. 0 refuses at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  SHUTDOWN_DELAY_SECONDS = 0;

  /**
   * On SIGTERM, how long in-flight HTTP requests and running background jobs get to finish, in seconds. Jobs still
   * running then are interrupted and released for another worker; the process exits 0 once everything stopped.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SHUTDOWN_GRACE_SECONDS = 5;

  private ephemeralJwtSecret?: string;

  /** The token signing key: JWT_SECRET, or outside production a random key that lives as long as the process. */
  jwtSecret(): string {
    this.ephemeralJwtSecret ??= randomBytes(32).toString('hex');
    return this.JWT_SECRET ?? this.ephemeralJwtSecret;
  }

  private signingKey?: KeyObject;

  /**
   * jwtSecret() as a prepared key. Given a string, jsonwebtoken first tries to parse it as a PEM public key (and
   * fails) on every verification: about 2 ms of CPU per request, against 10 µs with a key object.
   */
  jwtKey(): KeyObject {
    this.signingKey ??= createSecretKey(Buffer.from(this.jwtSecret(), 'utf8'));
    return this.signingKey;
  }

  /** Metrics are collected only when someone can scrape them. */
  metricsEnabled(): boolean {
    return this.METRICS_PORT !== undefined || this.METRICS_TOKEN !== undefined;
  }

  tracingEnabled(): boolean {
    return this.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined;
  }

  graphqlIdeEnabled(): boolean {
    return this.GRAPHQL_IDE ?? this.NODE_ENV !== 'production';
  }

  introspectionEnabled(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? this.NODE_ENV !== 'production';
  }

  /** TRUST_PROXY as Fastify's trustProxy option. */
  trustProxy(): boolean | string[] | ((address: string, hop: number) => boolean) {
    if (this.TRUST_PROXY === 'true' || this.TRUST_PROXY === 'false') return this.TRUST_PROXY === 'true';
    if (/^\d+$/.test(this.TRUST_PROXY)) {
      const hops = Number(this.TRUST_PROXY);
      return (_address, hop) => hop < hops;
    }
    return this.TRUST_PROXY.split(',').map((address) => address.trim());
  }

  corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }

  /** PUBLIC_BASE_URL without trailing slashes. */
  publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  runsApi(): boolean {
    return this.RUN_MODE !== 'worker';
  }

  runsWorker(): boolean {
    return this.RUN_MODE !== 'api';
  }

  /** WEBHOOK_RETRY_SCHEDULE in milliseconds. */
  webhookRetryScheduleMs(): number[] {
    return this.WEBHOOK_RETRY_SCHEDULE.split(',').map((seconds) => Math.round(Number(seconds.trim()) * 1000));
  }

  webhookAllowedCidrs(): string[] {
    return this.WEBHOOK_ALLOWED_CIDRS.split(',')
      .map((cidr) => cidr.trim())
      .filter(Boolean);
  }

  oidcEnabled(): boolean {
    return Boolean(this.OIDC_ISSUER && this.OIDC_AUDIENCE && this.OIDC_JWKS_URL);
  }
}

/** Variables without a default (and so without a property on a fresh Environment). */
const OPTIONAL_VARIABLES = [
  'DATABASE_URL',
  'JWT_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
  'GRAPHQL_INTROSPECTION',
  'METRICS_PORT',
  'METRICS_TOKEN',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'GRAPHQL_IDE',
  'REDIS_URL',
];

/** Every variable the service reads: the documentation (.env.example, README) must name each one. */
export function environmentVariableNames(): string[] {
  // Upper-case properties are variables; the rest (e.g. the ephemeral signing key) is the class's own state.
  return [
    ...Object.keys(new Environment()).filter((key) => /^[A-Z][A-Z0-9_]*$/.test(key)),
    ...OPTIONAL_VARIABLES,
  ];
}

export class ConfigurationError extends Error {}

/** Validates raw variables; throws one message listing every offending variable by name. */
export function loadEnvironment(raw: Record<string, string | undefined> = process.env): Environment {
  const picked: Record<string, string> = {};
  for (const key of environmentVariableNames()) {
    const value = raw[key];
    if (value !== undefined) picked[key] = value;
  }
  const env = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    // Connection strings and secrets may carry passwords: name them, never echo them.
    const shown = (key: string) =>
      /URL|PASSWORD|SECRET|KEY|TOKEN|ENDPOINT/.test(key) ? '(value hidden)' : JSON.stringify(raw[key]);
    const lines = errors.map(
      (e) => `  ${e.property}=${shown(e.property)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
