import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every setting the service reads, validated once at start-up. Nothing else reads process.env, so this class
 * (and .env.example) is the complete list. Each property's comment is its documentation.
 */
export class Environment {
  /** `production` turns off GraphQL introspection and the landing page. */
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

  /** Apply pending migrations at start-up. */
  @IsIn(['true', 'false'])
  MIGRATIONS_RUN: 'true' | 'false' = 'true';

  /** pino log level. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Largest accepted request body, in bytes; larger bodies get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;
}

export class ConfigurationError extends Error {}

/** Validates raw variables; throws one message listing every offending variable by name. */
export function loadEnvironment(raw: Record<string, string | undefined> = process.env): Environment {
  const known = Object.keys(new Environment());
  const picked: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL']) {
    const value = raw[key];
    if (value !== undefined) picked[key] = value;
  }
  const env = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    // Connection strings and secrets may carry passwords: name them, never echo them.
    const shown = (key: string) => (/URL|PASSWORD|SECRET|KEY/.test(key) ? '(value hidden)' : JSON.stringify(raw[key]));
    const lines = errors.map((e) => `  ${e.property}=${shown(e.property)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
