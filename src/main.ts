// First: tracing, when configured, must be in place before the modules it instruments are loaded.
import { stopTracing } from './observability/tracing-bootstrap';
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { startEmbeddedPostgres } from './common/database/embedded-postgres';
import { ConfigurationError, loadEnvironment } from './config/environment';
import { shutDownGracefully } from './shutdown';

function describeServer(url: string): string {
  const parsed = new URL(url);
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnvironment();
  const embedded = env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(env.DATA_DIR, env.DATABASE_POOL_SIZE + env.WORKER_CONCURRENCY + 5);
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  const app = await createApp(env, { databaseUrl, embedded: embedded !== null });
  // Drain HTTP and the worker, close the pool, then the embedded engine, so PGlite shuts down with nothing in flight.
  const shutdown = (signal: NodeJS.Signals) => {
    const logger = app.get(Logger);
    const log = {
      log: (message: string) => logger.log(message, 'Shutdown'),
      warn: (message: string) => logger.warn(message, 'Shutdown'),
    };
    log.log(`${signal} received: shutting down`);
    // A second signal (an impatient operator, a supervisor's kill) ends it at once.
    process.once(signal, () => process.exit(1));
    void shutDownGracefully(app, env, log)
      .then(async (complete) => {
        await embedded?.stop();
        await stopTracing();
        log.log(complete ? 'stopped' : 'stopped, with requests cut off at the deadline');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  const database = embedded
    ? `embedded PostgreSQL (PGlite) with data in ${embedded.dataDir}`
    : describeServer(databaseUrl);
  if (!env.runsApi()) {
    // RUN_MODE=worker: background jobs only; nothing listens.
    await app.init();
    app.get(Logger).log(`Requisite worker running, database: ${database}`, 'Bootstrap');
    return;
  }
  await app.listen({ port: env.PORT, host: env.HOST });
  const worker = env.runsWorker() ? ' with the background worker' : '';
  app
    .get(Logger)
    .log(
      `Requisite listening on http://localhost:${env.PORT}/graphql${worker}, database: ${database}`,
      'Bootstrap',
    );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
