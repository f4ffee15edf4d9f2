import { performance } from 'node:perf_hooks';
import { ApplicationStatus } from '../../src/pipeline/pipeline.enums';
import { funnelStatement } from '../../src/reports/reports.repository';
import { insertApplications, insertCandidates, loadTaxonomy } from '../harness/data';
import { createOpenRequisition } from '../harness/fixtures';
import { Random } from '../harness/prng';
import { checkRow, infoRow, latencyRow } from '../harness/rows';
import { summarize } from '../harness/stats';
import type { BenchContext, ResultRow, Scenario } from '../harness/types';

const APPLICATIONS = 10_000;
/** Funnel reads measured, one at a time (after a few to warm up). */
const READS = 30;

const FUNNEL = `query($id: ID!) { node(id: $id) { ... on Requisition { funnel {
  stages { entered current advanced rejected withdrawn conversionToNext medianDaysInStage p90DaysInStage } } } } }`;

/**
 * Gives each application a history: from its first stage it moves on stage by stage (sometimes skipping one),
 * a few days each, until it is rejected, withdraws or stops where it is; a few reach Hired. Written straight into
 * stage_transition (sequences 2…) with the application's row brought in line, as the API would have left them.
 */
async function addHistory(ctx: BenchContext, rng: Random, ids: string[], stages: string[]): Promise<number> {
  const transitions: {
    app: string;
    seq: number;
    from: string;
    to: string;
    fromStatus: string;
    toStatus: string;
    at: Date;
  }[] = [];
  const finals: { app: string; stage: string; status: string; seq: number }[] = [];
  const base = Date.UTC(2026, 6, 1);
  for (const id of ids) {
    let position = 0;
    let seq = 1;
    let status: string = ApplicationStatus.ACTIVE;
    let at = base + rng.int(0, 60) * 86_400_000;
    for (;;) {
      const roll = rng.int(0, 99);
      at += rng.int(1, 10) * 86_400_000;
      if (roll < 25) {
        seq++;
        transitions.push({
          app: id,
          seq,
          from: stages[position],
          to: stages[position],
          fromStatus: status,
          toStatus: 'REJECTED',
          at: new Date(at),
        });
        status = 'REJECTED';
        break;
      }
      if (roll < 30) {
        seq++;
        transitions.push({
          app: id,
          seq,
          from: stages[position],
          to: stages[position],
          fromStatus: status,
          toStatus: 'WITHDRAWN',
          at: new Date(at),
        });
        status = 'WITHDRAWN';
        break;
      }
      if (roll < 45 || position >= stages.length - 2) break;
      const next = Math.min(stages.length - 2, position + (roll < 50 ? 2 : 1));
      seq++;
      transitions.push({
        app: id,
        seq,
        from: stages[position],
        to: stages[next],
        fromStatus: status,
        toStatus: status,
        at: new Date(at),
      });
      position = next;
    }
    finals.push({ app: id, stage: stages[position], status, seq });
  }
  for (let offset = 0; offset < transitions.length; offset += 20_000) {
    const batch = transitions.slice(offset, offset + 20_000);
    await ctx.pool.query(
      `INSERT INTO stage_transition (application_id, sequence, from_stage_id, to_stage_id, from_status, to_status, actor, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[], $8::timestamptz[])`,
      [
        batch.map((t) => t.app),
        batch.map((t) => t.seq),
        batch.map((t) => t.from),
        batch.map((t) => t.to),
        batch.map((t) => t.fromStatus),
        batch.map((t) => t.toStatus),
        batch.map(() => 'bench'),
        batch.map((t) => t.at.toISOString()),
      ],
    );
  }
  await ctx.pool.query(
    `UPDATE application a SET stage_id = f.stage, status = f.status, version = f.seq, event_sequence = f.seq,
            rejection_reason = CASE WHEN f.status = 'REJECTED' THEN 'Bench' END
     FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::int[]) AS f(app, stage, status, seq) WHERE a.id = f.app`,
    [
      finals.map((f) => f.app),
      finals.map((f) => f.stage),
      finals.map((f) => f.status),
      finals.map((f) => f.seq),
    ],
  );
  return transitions.length;
}

export const report: Scenario = {
  name: 'report',
  description: `Requisition.funnel of a requisition with ${APPLICATIONS.toLocaleString('en-US')} applications and their history, one read at a time`,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const rng = new Random(0x4e9);
    const requisition = await createOpenRequisition(ctx, 'ML Engineer, Search (report bench)', {
      headcount: 50,
    });
    const taxonomy = await loadTaxonomy(ctx.pool);
    const candidates = await insertCandidates(ctx.pool, rng, taxonomy, APPLICATIONS, 'report');
    const ids = await insertApplications(
      ctx.pool,
      rng,
      requisition.rawId,
      candidates.map((c, i) => ({
        candidateId: c.id,
        stageId: requisition.stages[0].rawId,
        status: ApplicationStatus.ACTIVE,
        appliedAt: new Date(Date.UTC(2026, 6, 1) + i * 1000),
      })),
      'report',
    );
    const moves = await addHistory(
      ctx,
      rng,
      ids,
      requisition.stages.map((s) => s.rawId),
    );
    ctx.log(`  ${moves.toLocaleString('en-US')} more history entries`);
    await ctx.pool.query('ANALYZE');

    const readApp = async () => {
      const start = performance.now();
      const data = await ctx.gql<{ node: { funnel: { stages: { entered: number }[] } } }>(FUNNEL, {
        id: requisition.id,
      });
      return { ms: performance.now() - start, stages: data.node.funnel.stages };
    };
    const readReference = async () => {
      const start = performance.now();
      const { rows } = await ctx.pool.query<{ entered: number }>(funnelStatement('TRUE'), [
        [requisition.rawId],
      ]);
      return { ms: performance.now() - start, stages: rows };
    };
    const reads = Math.max(5, Math.round(ctx.seconds(READS)));
    for (let i = 0; i < 3; i++) {
      await readApp();
      await readReference();
    }
    const appMs: number[] = [];
    const refMs: number[] = [];
    let appStages: { entered: number }[] = [];
    let refStages: { entered: number }[] = [];
    for (let i = 0; i < reads; i++) {
      const app = await readApp();
      appMs.push(app.ms);
      appStages = app.stages;
      const ref = await readReference();
      refMs.push(ref.ms);
      refStages = ref.stages;
    }
    const app = summarize(appMs);
    const ref = summarize(refMs);
    const same =
      JSON.stringify(appStages.map((s) => s.entered)) === JSON.stringify(refStages.map((s) => s.entered));
    return [
      latencyRow('report', 'funnel read (median)', app.p50, ref.p50, 3, 20),
      infoRow('report', 'funnel read p95', 'ms', app.p95, ref.p95),
      infoRow('report', 'history entries', 'count', APPLICATIONS + moves, null),
      checkRow(
        'report',
        'entered per stage, API vs reference',
        '',
        appStages.map((s) => s.entered).join('/'),
        refStages.map((s) => s.entered).join('/'),
        'equal',
        same && appStages[0]?.entered === APPLICATIONS,
      ),
    ];
  },
};
