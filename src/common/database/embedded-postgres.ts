import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) in this process behind a local socket, so the rest of the
 * application talks to it with the ordinary `pg` driver. It serves one session at a time: transactions from
 * different connections are queued, never interleaved. For development and demos only.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  maxConnections: number,
): Promise<EmbeddedPostgres> {
  // Loaded lazily: a deployment with DATABASE_URL never pays for the WebAssembly engine.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const absolute = resolve(dataDir);
  mkdirSync(absolute, { recursive: true });
  const db = await PGlite.create(absolute);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const [, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    dataDir: absolute,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
