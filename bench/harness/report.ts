import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ScenarioFacts } from './isolation';
import { REPO_ROOT, RESULTS_DIR } from './paths';
import type { ResultRow } from './types';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  loadAverage?: number;
}

export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  settings: Record<string, string>;
  scenarios: string[];
  /** Per scenario: load average at its start, runtime version, isolation and background work. */
  facts: Record<string, ScenarioFacts>;
  rows: ResultRow[];
}

export function machine(postgres: string, loadAverageAtStart: number): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    loadAverage: Math.round(loadAverageAtStart * 10) / 10,
  };
}

function figure(value: number | string | null, unit: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const digits = unit === 'ms' ? (value < 10 ? 2 : 1) : value < 100 ? 1 : 0;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

const verdict = (pass: boolean | null) => (pass === null ? 'info' : pass ? 'PASS' : 'FAIL');

function cells(row: ResultRow): string[] {
  return [
    row.scenario,
    row.metric,
    figure(row.requisite, row.unit),
    figure(row.reference, row.unit),
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    row.target,
    verdict(row.pass),
  ];
}

const HEADER = ['scenario', 'metric', 'Requisite', 'reference', 'ratio', 'target', 'result'];

export function printTable(rows: ResultRow[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  const text = [
    line(HEADER),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) => line(cells(r))),
  ];
  for (const row of rows.filter((r) => r.note)) text.push(`  ${row.scenario} / ${row.metric}: ${row.note}`);
  return text.join('\n');
}

/**
 * A Markdown table padded the way Prettier formats it, so `prettier --check` stays clean after a run; the last
 * column gives the conditions each row was measured in (the load average at its scenario's start, the runtime).
 */
export function markdownTable(rows: ResultRow[], conditions: (row: ResultRow) => string): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const header = [...HEADER, 'load · Node'];
  const all = [header, ...rows.map((r) => [...cells(r), conditions(r)].map(escape))];
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...all.slice(1).map(line),
  ].join('\n');
}

/** JSON as the repository's Prettier settings print it, so `prettier --check .` stays clean after a run. */
async function asPrettierJson(value: unknown): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(JSON.stringify(value), { parser: 'json', printWidth: 110 });
}

const RESULTS = RESULTS_DIR;
const LATEST = join(RESULTS, 'latest.json');
const BENCHMARKS = join(REPO_ROOT, 'BENCHMARKS.md');
export const START_MARKER =
  '<!-- bench:results:start (written by `npm run bench`; edit outside the markers) -->';
export const END_MARKER = '<!-- bench:results:end -->';

interface Latest {
  /** Per scenario: the rows of its most recent run, with that run's machine. */
  scenarios: Record<
    string,
    {
      measuredAt: string;
      machine: Machine;
      settings: Record<string, string>;
      /** Absent in entries written before the facts were recorded per scenario (then: the run's). */
      facts?: ScenarioFacts;
      rows: ResultRow[];
    }
  >;
}

/**
 * Writes this run's raw record (bench/results/run-<time>.json, not committed), merges its scenarios into
 * bench/results/latest.json (committed) and rewrites the table between the markers of BENCHMARKS.md from it.
 */
export async function publish(record: RunRecord, order: string[]): Promise<{ rawFile: string }> {
  mkdirSync(RESULTS, { recursive: true });
  const rawFile = join(RESULTS, `run-${record.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(rawFile, await asPrettierJson(record));
  const latest: Latest = existsSync(LATEST)
    ? (JSON.parse(readFileSync(LATEST, 'utf8')) as Latest)
    : { scenarios: {} };
  for (const name of record.scenarios) {
    latest.scenarios[name] = {
      measuredAt: record.finishedAt,
      machine: record.machine,
      settings: record.settings,
      facts: record.facts[name],
      rows: record.rows.filter((r) => r.scenario === name),
    };
  }
  writeFileSync(LATEST, await asPrettierJson(latest));

  const names = order.filter((n) => latest.scenarios[n]);
  const rows = names.flatMap((n) => latest.scenarios[n].rows);
  // The load average and the runtime go with each scenario (they differ between runs, and between scenarios of
  // one run); the machine line keeps what the runs share.
  const machines = [
    ...new Set(
      names.map((n) => {
        const { cpu, cores, memoryGiB, postgres } = latest.scenarios[n].machine;
        return `Machine: ${cpu}, ${cores} cores, ${memoryGiB} GiB · PostgreSQL ${postgres}`;
      }),
    ),
  ];
  const conditionsOf = (n: string) => {
    const { machine: m, facts } = latest.scenarios[n];
    const load = facts?.loadAverage ?? m.loadAverage;
    return `${load === undefined ? '?' : load.toFixed(1)} · ${facts?.node ?? m.node}`;
  };
  const when = names.map((n) => {
    const { measuredAt, facts, settings } = latest.scenarios[n];
    const at = (facts?.startedAt ?? measuredAt).slice(0, 16).replace('T', ' ');
    const flags = [
      settings.BENCH_QUICK === '1' ? 'quick' : '',
      settings.BENCH_ISOLATE === '0' ? 'not isolated' : '',
    ].filter(Boolean);
    const background = facts?.background
      ? `, autovacuum ${facts.background.autovacuumSeconds} s, ${facts.background.checkpoints} checkpoint(s)`
      : '';
    return `${n} ${at} UTC (${[conditionsOf(n), ...flags].join(', ')}${background})`;
  });
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario} / ${r.metric}: ${r.note}`);
  const block = [
    START_MARKER,
    '',
    ...machines,
    `Measured (scenario start UTC, load average at that start · Node; background work of PostgreSQL during it): ${when.join(' · ')}`,
    '',
    markdownTable(rows, (row) => conditionsOf(row.scenario)),
    ...(notes.length ? ['', ...notes] : []),
    '',
    END_MARKER,
  ].join('\n');
  const current = existsSync(BENCHMARKS)
    ? readFileSync(BENCHMARKS, 'utf8')
    : `# Benchmarks\n\n${START_MARKER}\n${END_MARKER}\n`;
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + END_MARKER.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(BENCHMARKS, next);
  return { rawFile };
}
