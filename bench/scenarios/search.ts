import { typoWords } from '../../src/candidates/candidate-search.rules';
import { normalizeSkillName } from '../../src/skills/skill.rules';
import { cycleAgainstReference } from '../harness/cycle';
import { insertCandidates, loadTaxonomy } from '../harness/data';
import { describeDifference } from '../harness/fixtures';
import { Random } from '../harness/prng';
import { infoRow, latencyRow } from '../harness/rows';
import { formatTrace, timeAlone, traceRequest } from '../harness/trace';
import type { BenchContext, ResultRow, Scenario } from '../harness/types';

const TOTAL_CANDIDATES = 200_000;
/** Candidates with a parsed resume (plain text, about 700 characters), for the full-text case. */
const RESUMES = 20_000;
const CONNECTIONS = 1;

const SEARCH = `query($filter: CandidateFilter) { candidates(first: 50, filter: $filter) { edges { node { id fullName headline skills { skill { name } } } } } }`;

/**
 * A mix of common and rarer filters, sent round robin: skills alone (newest first), skills with a search (ranked:
 * a headline word, a surname), and a full-text search whose phrase is found only in resume text.
 */
const FILTERS: { skills: string[]; search?: string }[] = [
  { skills: ['Python', 'PyTorch'] },
  { skills: ['Kubernetes', 'AWS'], search: 'ranking' },
  { skills: ['torch', 'JAX'] },
  { skills: ['Spark', 'SQL', 'Docker'], search: 'Li' },
  { skills: [], search: '"feature store" latency' },
];

/**
 * Gives `count` candidates without a resume a parsed plain-text one (as the extract job leaves it), built in SQL
 * from a few phrases; about one in 40 mentions a feature store, one in 7 latency. The insert trigger brings their
 * search documents up to date.
 */
async function insertResumes(ctx: BenchContext, count: number): Promise<void> {
  await ctx.pool.query(
    `WITH chosen AS (
       SELECT c.id, c.full_name, row_number() OVER (ORDER BY c.id) AS n FROM candidate c
       WHERE NOT EXISTS (SELECT 1 FROM resume r WHERE r.candidate_id = c.id) ORDER BY c.id LIMIT $1),
     written AS (
       SELECT id, concat_ws(E'\n', full_name, 'Experience',
         (ARRAY['Built ranking models for a marketplace', 'Trained vision models on satellite imagery',
                'Ran A/B tests for a news feed', 'Shipped speech recognition to phones'])[1 + n % 4],
         CASE WHEN n % 40 = 0 THEN 'Designed the feature store behind real-time recommendations' END,
         CASE WHEN n % 7 = 0 THEN 'Cut inference latency in half with batching and quantisation' END,
         'Skills: Python, SQL, Docker, cloud training on managed GPUs',
         'Education', (ARRAY['MSc Computer Science', 'BSc Mathematics', 'PhD Statistics'])[1 + n % 3],
         repeat('Collaborated with product, design and data engineering teams. ', 6)) AS text
       FROM chosen)
     INSERT INTO resume (candidate_id, file_name, content_type, byte_size, sha256, content, text, status,
                         processed_at)
     SELECT id, 'resume.txt', 'text/plain; charset=utf-8', octet_length(convert_to(text, 'UTF8')),
            encode(sha256(convert_to(text, 'UTF8')), 'hex'), convert_to(text, 'UTF8'), text, 'PARSED', now()
     FROM written`,
    [count],
  );
}

let trigram: boolean | undefined;

/** The conditions and rank of `CandidatesRepository.filterSql`/`rankSql`, for an administrator. */
function searchSql(search: string, params: unknown[]): { where: string; rank: string } {
  params.push(search.trim());
  const term = `$${params.length}`;
  const tsquery = `websearch_to_tsquery('english', ${term})`;
  const matches = [`SELECT candidate_id FROM candidate_search WHERE document @@ ${tsquery}`];
  const words = trigram ? typoWords(search) : [];
  if (words.length > 0) {
    const conditions = words.map((w) => {
      params.push(w);
      return `$${params.length} <% full_name`;
    });
    matches.push(`SELECT id FROM candidate WHERE ${conditions.join(' AND ')}`);
  }
  matches.push(`SELECT id FROM candidate WHERE lower(email) = lower(${term})`);
  params.push(search.trim());
  const rankTerm = `$${params.length}`;
  const parts = [`coalesce(ts_rank(s.document, websearch_to_tsquery('english', ${rankTerm}), 1), 0)`];
  if (trigram) parts.push(`word_similarity(${rankTerm}, c.full_name)`);
  parts.push(`CASE WHEN lower(c.email) = lower(${rankTerm}) THEN 1 ELSE 0 END`);
  return {
    where: `c.id IN (${matches.join(' UNION ')})`,
    rank: `round((${parts.join(' + ')}) * 1000000)::bigint`,
  };
}

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
  const params: unknown[] = [];
  const where: string[] = ['TRUE'];
  const search = filter.search?.trim() ? searchSql(filter.search, params) : null;
  if (search) where.push(search.where);
  if (skillIds.length > 0) {
    params.push(skillIds, new Set(skillIds).size);
    where.push(
      `(SELECT count(*) FROM candidate_skill cs WHERE cs.candidate_id = c.id
         AND cs.skill_id = ANY($${params.length - 1}::uuid[])) = $${params.length}`,
    );
  }
  const page = await ctx.pool.query<{ id: string; full_name: string; headline: string | null }>(
    search
      ? `SELECT hit.id, hit.full_name, hit.headline FROM (
           SELECT c.*, ${search.rank} AS search_rank
           FROM candidate c LEFT JOIN candidate_search s ON s.candidate_id = c.id
           WHERE ${where.join(' AND ')}
         ) hit
         ORDER BY hit.search_rank DESC, hit.id DESC LIMIT 51`
      : `SELECT c.id, c.full_name, c.headline FROM candidate c WHERE ${where.join(' AND ')}
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
  description: `candidates filtered by skills and ranked full-text search (resume text of ${RESUMES.toLocaleString('en-US')}) over ${TOTAL_CANDIDATES.toLocaleString('en-US')} candidates, first 50`,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM candidate');
    const missing = TOTAL_CANDIDATES - rows[0].n;
    if (missing > 0) {
      await insertCandidates(ctx.pool, new Random(0x5ea4c4), await loadTaxonomy(ctx.pool), missing, 'search');
    }
    const { rows: resumed } = await ctx.pool.query<{ n: number }>(
      `SELECT count(DISTINCT candidate_id)::int AS n FROM resume WHERE status = 'PARSED'`,
    );
    if (resumed[0].n < RESUMES) await insertResumes(ctx, RESUMES - resumed[0].n);
    const { rows: ext } = await ctx.pool.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS present`,
    );
    trigram = ext[0].present;
    await ctx.pool.query('VACUUM ANALYZE candidate, candidate_skill, candidate_search, resume');

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
      const label = [filter.skills.join('+'), filter.search && `search ${filter.search}`]
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

    let turn = 0;
    const { app, ref } = await cycleAgainstReference(ctx, 'search', requests, CONNECTIONS, async () => {
      await referenceSearch(ctx, FILTERS[turn++ % FILTERS.length]);
    });
    return [
      latencyRow(
        'search',
        `p95 latency (${CONNECTIONS} client, ${FILTERS.length} filters)`,
        app.latency.p95,
        ref.latency.p95,
        1.5,
        3,
      ),
      // The filters cost from a few to hundreds of ms each: the mix's median falls between them, so it is shown, not judged.
      infoRow('search', 'p50 latency', 'ms', app.latency.p50, ref.latency.p50),
      ...alone,
      infoRow('search', 'throughput', 'req/s', app.throughput, ref.throughput),
    ];
  },
};
