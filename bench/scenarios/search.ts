import { containsPattern } from '../../src/common/database/like';
import { normalizeSkillName } from '../../src/skills/skill.rules';
import { closedLoop } from '../harness/direct';
import { insertCandidates, loadTaxonomy } from '../harness/data';
import { describeDifference } from '../harness/fixtures';
import { Random } from '../harness/prng';
import { infoRow, latencyRow } from '../harness/rows';
import { formatTrace, timeAlone, traceRequest } from '../harness/trace';
import type { BenchContext, ResultRow, Scenario } from '../harness/types';

const TOTAL_CANDIDATES = 200_000;
const CONNECTIONS = 1;

const SEARCH = `query($filter: CandidateFilter) { candidates(first: 50, filter: $filter) { edges { node { id fullName headline skills { skill { name } } } } } }`;

/** A mix of common and rarer filters, sent round robin. */
const FILTERS: { skills: string[]; search?: string }[] = [
  { skills: ['Python', 'PyTorch'] },
  { skills: ['Kubernetes', 'AWS'], search: 'ranking' },
  { skills: ['torch', 'JAX'] },
  { skills: ['Spark', 'SQL', 'Docker'], search: 'Li' },
];

/**
 * The reference: the application's own SQL (skill lookup by name or alias, the filtered keyset page, the page's
 * skills), sent through `pg` with the JSON built by hand. Same plans, none of the stack.
 */
async function referenceSearch(
  ctx: BenchContext,
  filter: { skills: string[]; search?: string },
): Promise<string> {
  const keys = [...new Set(filter.skills.map(normalizeSkillName))];
  const skills = await ctx.pool.query<{ id: string; normalized_name: string; aliases: string[] }>(
    'SELECT id, normalized_name, aliases FROM skill s WHERE s.normalized_name = ANY($1) OR s.aliases && $1::text[]',
    [keys],
  );
  const byKey = new Map<string, string>();
  for (const s of skills.rows) {
    byKey.set(s.normalized_name, s.id);
    for (const alias of s.aliases) if (!byKey.has(alias)) byKey.set(alias, s.id);
  }
  const skillIds = filter.skills.map((name) => byKey.get(normalizeSkillName(name)) ?? null);
  const params: unknown[] = [skillIds, new Set(skillIds).size];
  let where = `(SELECT count(*) FROM candidate_skill cs WHERE cs.candidate_id = c.id AND cs.skill_id = ANY($1)) = $2`;
  if (filter.search) {
    params.push(containsPattern(filter.search));
    where += ` AND (c.full_name ILIKE $3 OR c.headline ILIKE $3 OR c.email ILIKE $3)`;
  }
  const page = await ctx.pool.query<{ id: string; full_name: string; headline: string | null }>(
    `SELECT c.id, c.full_name, c.headline FROM candidate c WHERE ${where}
     ORDER BY c.created_at DESC, c.id DESC LIMIT 51`,
    params,
  );
  const rows = page.rows.slice(0, 50);
  const skillRows = await ctx.pool.query<{ candidate_id: string; name: string }>(
    `SELECT cs.candidate_id, s.name FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id
     WHERE cs.candidate_id = ANY($1) ORDER BY cs.position ASC`,
    [rows.map((r) => r.id)],
  );
  const skillsOf = new Map<string, { skill: { name: string } }[]>();
  for (const r of skillRows.rows) {
    const list = skillsOf.get(r.candidate_id) ?? [];
    list.push({ skill: { name: r.name } });
    skillsOf.set(r.candidate_id, list);
  }
  const edges = rows.map((r) => ({
    node: {
      id: Buffer.from(`Candidate:${r.id}`).toString('base64url'),
      fullName: r.full_name,
      headline: r.headline,
      skills: skillsOf.get(r.id) ?? [],
    },
  }));
  // Apollo ends its answers with a newline: the same bytes, to the byte.
  return `${JSON.stringify({ data: { candidates: { edges } } })}\n`;
}

export const search: Scenario = {
  name: 'search',
  description: `candidates filtered by skills (+ text) over ${TOTAL_CANDIDATES.toLocaleString('en-US')} candidates, first 50`,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM candidate');
    const missing = TOTAL_CANDIDATES - rows[0].n;
    if (missing > 0) {
      await insertCandidates(ctx.pool, new Random(0x5ea4c4), await loadTaxonomy(ctx.pool), missing, 'search');
    }
    await ctx.pool.query('VACUUM ANALYZE candidate, candidate_skill');

    const requests = FILTERS.map((filter) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.adminToken}` },
      body: JSON.stringify({ query: SEARCH, variables: { filter } }),
    }));
    for (const [i, filter] of FILTERS.entries()) {
      const mine = await (await fetch(`${ctx.appUrl}${requests[i].path}`, { ...requests[i] })).text();
      const reference = await referenceSearch(ctx, filter);
      if (mine !== reference) {
        throw new Error(
          `Search answers differ for ${JSON.stringify(filter)}: ${describeDifference(mine, reference)}`,
        );
      }
      if (!mine.includes('"node"')) throw new Error(`No candidate matches ${JSON.stringify(filter)}`);
    }

    // Where the time goes, filter by filter, one request at a time (the client here shares the app's process).
    const alone: ResultRow[] = [];
    for (const [i, filter] of FILTERS.entries()) {
      const send = async () => (await fetch(`${ctx.appUrl}${requests[i].path}`, { ...requests[i] })).text();
      const trace = await traceRequest(ctx, send, 5);
      const reference = await timeAlone(() => referenceSearch(ctx, filter), 5);
      ctx.log(
        `${formatTrace(`search ${JSON.stringify(filter)}`, trace)}\n    reference alone: ${reference.toFixed(1)} ms`,
      );
      const label = [filter.skills.join('+'), filter.search && `"${filter.search}"`]
        .filter(Boolean)
        .join(' ');
      alone.push(
        infoRow(
          'search',
          `alone: ${label} (app SQL ${trace.sqlMs.toFixed(0)} ms)`,
          'ms',
          trace.wallMs,
          reference,
        ),
      );
    }

    const client = {
      scenario: 'builtin',
      name: 'cycle',
      key: 'search-app',
      data: { requests, failIfBodyMatches: '"errors"' },
    };
    await ctx.load({ url: ctx.appUrl, connections: CONNECTIONS, durationSeconds: ctx.seconds(3), client });
    const app = await ctx.profile('app', () =>
      ctx.load({ url: ctx.appUrl, connections: CONNECTIONS, durationSeconds: ctx.seconds(12), client }),
    );
    if (app.ok !== app.responses) throw new Error(`search: failures, e.g. ${app.failureSamples[0]}`);
    let turn = 0;
    const step = async () => void (await referenceSearch(ctx, FILTERS[turn++ % FILTERS.length]));
    await closedLoop(CONNECTIONS, ctx.seconds(3), step);
    const ref = await closedLoop(CONNECTIONS, ctx.seconds(12), step);
    return [
      latencyRow(
        'search',
        `p95 latency (${CONNECTIONS} client, 4 filters)`,
        app.latency.p95,
        ref.latency.p95,
        1.5,
        3,
      ),
      // The four filters cost 3–250 ms each: the mix's median falls between two of them, so it is shown, not judged.
      infoRow('search', 'p50 latency', 'ms', app.latency.p50, ref.latency.p50),
      ...alone,
      infoRow('search', 'throughput', 'req/s', app.throughput, ref.throughput),
    ];
  },
};
