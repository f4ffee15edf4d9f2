import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { withApiIds } from '../../src/events/event-outbox';
import { EventType } from '../../src/events/event-types';
import { ApplicationStatus } from '../../src/pipeline/pipeline.enums';
import { eventColumns, insertApplications, insertCandidates, loadTaxonomy } from '../harness/data';
import { BenchRequisition, createOpenRequisition } from '../harness/fixtures';
import { Random } from '../harness/prng';
import { absoluteLatencyRow, checkRow, infoRow } from '../harness/rows';
import { summarize } from '../harness/stats';
import type { BenchContext, ResultRow, Scenario } from '../harness/types';

/** The most a bulk decision takes, and what the issue asks to measure. */
const ITEMS = 500;
/** Calls measured (each moves all items to the other stage). */
const ROUNDS = 5;
/** The request timeout a bulk call must finish well inside (the statement timeout of the API's pool). */
const TIMEOUT_MS = 30_000;

const BULK_MOVE = `mutation($input: BulkMoveApplicationsInput!) { bulkMoveApplications(input: $input) {
  results { id userErrors { code } } userErrors { code message } } }`;

async function bulkRequisition(ctx: BenchContext, rng: Random, label: string) {
  const requisition = await createOpenRequisition(ctx, `ML Engineer, Ranking (bulk bench, ${label})`);
  const taxonomy = await loadTaxonomy(ctx.pool);
  const candidates = await insertCandidates(ctx.pool, rng, taxonomy, ITEMS, `bulk-${label}`);
  const base = Date.UTC(2026, 10, 20);
  const ids = await insertApplications(
    ctx.pool,
    rng,
    requisition.rawId,
    candidates.map((c, i) => ({
      candidateId: c.id,
      stageId: requisition.stages[0].rawId,
      status: ApplicationStatus.ACTIVE,
      appliedAt: new Date(base - i * 60_000),
    })),
    `bulk ${label}`,
  );
  return { requisition, ids };
}

/**
 * The reference: the same writes over `pg`, each application in its own transaction as the API does it — the
 * UPDATE, the history entry, the event and (with the job queue) the webhook fan-out job.
 */
async function referenceBulkMove(
  pool: Pool,
  requisition: BenchRequisition,
  ids: string[],
  toStage: string,
  enqueue: boolean,
): Promise<number> {
  const extra = await eventColumns(pool);
  const client = await pool.connect();
  let moved = 0;
  try {
    for (const id of ids) {
      await client.query('BEGIN');
      const { rows } = await client.query<{
        candidate_id: string;
        from_stage_id: string;
        status: string;
        event_sequence: number;
      }>(
        `UPDATE application a SET stage_id = $2, version = a.version + 1, event_sequence = a.event_sequence + 1,
                last_activity_at = now()
         FROM application old WHERE a.id = $1 AND old.id = a.id AND a.status = 'ACTIVE'
         RETURNING a.candidate_id, old.stage_id AS from_stage_id, a.status, a.event_sequence`,
        [id, toStage],
      );
      const row = rows[0];
      const [{ id: transitionId }] = (
        await client.query<{ id: string }>(
          `INSERT INTO stage_transition (application_id, sequence, from_stage_id, to_stage_id, from_status, to_status, reason, actor)
           VALUES ($1, $2, $3, $4, $5, $5, NULL, 'user:bench') RETURNING id`,
          [id, row.event_sequence, row.from_stage_id, toStage, row.status],
        )
      ).rows;
      const data = {
        ...withApiIds({
          applicationId: id,
          candidateId: row.candidate_id,
          requisitionId: requisition.rawId,
          fromStageId: row.from_stage_id,
          toStageId: toStage,
          fromStatus: row.status,
          toStatus: row.status,
          reason: null,
          transitionId,
        }),
        sequence: row.event_sequence,
      };
      const [{ id: eventId }] = (
        await client.query<{ id: string }>(
          `INSERT INTO event (type, aggregate_type, aggregate_id, sequence, data, actor${extra.columns})
           VALUES ($1, 'application', $2, $3, $4, 'user:bench'${extra.values('$5')}) RETURNING id`,
          [
            EventType.APPLICATION_STAGE_CHANGED,
            id,
            row.event_sequence,
            JSON.stringify(data),
            requisition.rawId,
          ],
        )
      ).rows;
      if (enqueue) {
        await client.query(
          `SELECT graphile_worker.add_job('webhooks.fan_out', json_build_object('eventIds', ARRAY[$1::uuid]))`,
          [eventId],
        );
      }
      await client.query('COMMIT');
      moved++;
    }
  } finally {
    client.release();
  }
  return moved;
}

/** Applications of the requisition whose history, events and version disagree (each move bumps all by one). */
async function inconsistent(ctx: BenchContext, requisitionId: string): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM application a
     WHERE a.requisition_id = $1 AND (
       a.event_sequence <> (SELECT count(*) FROM stage_transition t WHERE t.application_id = a.id)
       OR a.event_sequence <> (SELECT count(*) FROM event e WHERE e.aggregate_type = 'application' AND e.aggregate_id = a.id))`,
    [requisitionId],
  );
  return rows[0].n;
}

export const bulk: Scenario = {
  name: 'bulk',
  description: `bulkMoveApplications of ${ITEMS} applications (each its own transaction), one call at a time`,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const rng = new Random(0xb01c);
    const mine = await bulkRequisition(ctx, rng, 'app');
    const reference = await bulkRequisition(ctx, rng, 'reference');
    await ctx.pool.query('ANALYZE');
    const ids = mine.ids.map((id) => Buffer.from(`Application:${id}`).toString('base64url'));
    const rounds = Math.max(2, Math.round(ctx.seconds(ROUNDS)));

    const appMs: number[] = [];
    let refused = 0;
    for (let round = 0; round < rounds; round++) {
      const stageId = mine.requisition.stages[1 + (round % 2)].id;
      const start = performance.now();
      const data = await ctx.gql<{
        bulkMoveApplications: { results: { userErrors: unknown[] }[]; userErrors: unknown[] };
      }>(BULK_MOVE, { input: { ids, stageId } });
      appMs.push(performance.now() - start);
      const payload = data.bulkMoveApplications;
      refused += payload.userErrors.length + payload.results.filter((r) => r.userErrors.length > 0).length;
      await ctx.settle();
    }

    const refMs: number[] = [];
    let refMoved = 0;
    for (let round = 0; round < rounds; round++) {
      const toStage = reference.requisition.stages[1 + (round % 2)].rawId;
      const start = performance.now();
      refMoved += await referenceBulkMove(
        ctx.pool,
        reference.requisition,
        reference.ids,
        toStage,
        ctx.jobQueueInstalled,
      );
      refMs.push(performance.now() - start);
      await ctx.settle();
    }

    const broken = await inconsistent(ctx, mine.requisition.rawId);
    const appMedian = summarize(appMs).p50;
    const refMedian = summarize(refMs).p50;
    return [
      absoluteLatencyRow('bulk', `one call of ${ITEMS} moves (median)`, appMedian, refMedian, TIMEOUT_MS / 3),
      infoRow('bulk', 'per item', 'ms', appMedian / ITEMS, refMedian / ITEMS),
      infoRow('bulk', 'slowest call', 'ms', Math.max(...appMs), Math.max(...refMs)),
      checkRow(
        'bulk',
        'items refused; applications with inconsistent history/events',
        '',
        `${refused}; ${broken}`,
        `${rounds * ITEMS - refMoved}; 0`,
        '0; 0',
        refused === 0 && broken === 0,
      ),
    ];
  },
};
