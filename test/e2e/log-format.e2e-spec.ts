import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitUntil } from '../support/wait';

const ROOT = join(__dirname, '../..');

/** util-linux `script`: runs a command on a pseudo-terminal, as `npm start` in a developer's terminal. */
function hasScript(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The API process until it says it listens; returns what it printed. */
async function startupOutput(env: Record<string, string>, onTerminal: boolean): Promise<string> {
  const node = [process.execPath, '-r', 'ts-node/register/transpile-only', 'src/main.ts'];
  const command = onTerminal ? ['script', '-qefc', node.join(' '), '/dev/null'] : node;
  const child: ChildProcess = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: process.env.REQUISITE_TEST_DATABASE_URL,
      MIGRATIONS_RUN: 'false',
      RUN_MODE: 'api',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  try {
    await waitUntil(() => {
      if (child.exitCode !== null) throw new Error(`The process exited: ${output.join('')}`);
      return Promise.resolve(output.join('').includes('Requisite listening'));
    }, 90_000);
    return output.join('');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

// The processes need the test server's database; the embedded engine is one process's.
const describeOnServer = process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded' ? describe.skip : describe;
const onTerminal = hasScript() ? it : it.skip;
if (!hasScript())
  console.warn('SKIPPED: the terminal log test needs util-linux `script` (a pseudo-terminal).');

describeOnServer('Log format', () => {
  onTerminal(
    'is human-readable on a terminal outside production',
    async () => {
      const output = await startupOutput({ NODE_ENV: 'development' }, true);
      const line = output.split('\n').find((l) => l.includes('Requisite listening'))!;
      // pino-pretty's layout: time, level, message; no JSON object.
      expect(line).toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}.*INFO.*Requisite listening/);
      expect(line.trim().startsWith('{')).toBe(false);
    },
    120_000,
  );

  it('is JSON when standard output is not a terminal', async () => {
    const output = await startupOutput({ NODE_ENV: 'development' }, false);
    const line = output.split('\n').find((l) => l.includes('Requisite listening'))!;
    expect(JSON.parse(line)).toMatchObject({
      level: 30,
      msg: expect.stringContaining('Requisite listening'),
    });
  }, 120_000);
});
