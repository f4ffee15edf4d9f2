import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Extension, Extensions, PGlite } from '@electric-sql/pglite';

const BTREE_GIST: string = '@electric-sql/pglite/contrib/btree_gist';

type StreamOptions = Parameters<PGlite['execProtocolRawStream']>[1];

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
  // The interviewers' no-double-booking exclusion constraint needs btree_gist (PGlite ships it as a contrib module).
  // A subpath export, which this project's module resolution does not type: the specifier is a plain string.
  const { btree_gist } = (await import(BTREE_GIST)) as { btree_gist: Extension };
  const absolute = resolve(dataDir);
  mkdirSync(absolute, { recursive: true });
  const db = await PGlite.create(absolute, {
    extensions: { btree_gist, ...(await optionalExtensions()) },
  });
  const server = new PGLiteSocketServer({
    db: oneSequenceAtATime(db),
    host: '127.0.0.1',
    port: 0,
    maxConnections,
  });
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

/** Extended-protocol messages that leave a sequence open until the Sync that ends it. */
const SEQUENCE_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SEQUENCE_ENDS = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket queues protocol messages one at a time and keeps serving one connection only while a transaction
 * is open. Outside one, two connections' Parse/Bind/Execute…Sync sequences interleaved, and one connection's Bind
 * met the other's unnamed statement ("unnamed prepared statement does not exist") under concurrent requests.
 * Reporting an open sequence as a transaction makes the queue finish one connection's sequence first.
 */
function oneSequenceAtATime(db: PGlite): PGlite {
  let openSequence = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') return () => openSequence || target.isInTransaction();
      if (property === 'execProtocolRawStream') {
        return (message: Uint8Array, options: StreamOptions) => {
          if (SEQUENCE_MESSAGES.has(message[0])) openSequence = true;
          else if (SEQUENCE_ENDS.has(message[0])) openSequence = false;
          return target.execProtocolRawStream(message, options);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Contrib extensions the embedded engine loads when its package ships them: pg_trgm, for typo-tolerant name search.
 * Without it the migrations skip the trigram index and search works without typo matching (README).
 */
async function optionalExtensions(): Promise<Extensions> {
  try {
    // A subpath export the CommonJS build resolves at run time (TypeScript's node10 resolution does not see it).
    const contrib = '@electric-sql/pglite/contrib/pg_trgm';
    const { pg_trgm } = (await import(contrib)) as Extensions;
    return { pg_trgm };
  } catch {
    return {};
  }
}
