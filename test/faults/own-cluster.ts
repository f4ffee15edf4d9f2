import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../support/redis-server';

/**
 * A PostgreSQL cluster of the fault suite's own (initdb + pg_ctl on a free port and a temporary data directory),
 * which it may stop and restart at will. The shared server on 5432 is never touched: other test runs use it.
 * As root, the cluster runs as the `postgres` user (initdb refuses root).
 */
export interface OwnCluster {
  port: number;
  dataDir: string;
  /** The server-level URL (database `postgres`). */
  url: string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql/*/bin.');
  return join(root, versions[0], 'bin');
}

export interface ClusterLocation {
  port: number;
  dataDir: string;
}

/** Runs a server binary, as the `postgres` user when we are root. */
function runServerBinary(command: string, args: string[], check = true): void {
  const asRoot = process.getuid?.() === 0;
  const file = join(binDir(), command);
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' })
    : spawnSync(file, args, { encoding: 'utf8' });
  if (check && result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`,
    );
  }
}

/** Start, stop and remove the cluster at `location` (from the global set-up, or from a test file). */
export function controlCluster({ port, dataDir }: ClusterLocation): OwnCluster {
  const base = dirname(dataDir);
  const options = [
    `-p ${port}`,
    `-k ${base}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c max_connections=100',
    '-c shared_buffers=32MB',
  ].join(' ');
  return {
    port,
    dataDir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () =>
      runServerBinary('pg_ctl', [
        '-D',
        dataDir,
        '-o',
        options,
        '-l',
        join(base, 'server.log'),
        '-w',
        '-t',
        '60',
        'start',
      ]),
    stop: (mode = 'fast') => runServerBinary('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']),
    destroy: () => {
      runServerBinary('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], false);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export async function startOwnCluster(): Promise<OwnCluster> {
  const port = await freePort();
  const base = mkdtempSync(join(tmpdir(), 'requisite-faults-'));
  const dataDir = join(base, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(base, uid, gid);
    chmodSync(base, 0o700);
  }
  runServerBinary('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const cluster = controlCluster({ port, dataDir });
  cluster.start();
  return cluster;
}
