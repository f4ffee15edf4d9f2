import { ApplicationStatus } from '../../src/pipeline/pipeline.enums';
import { insertApplications, insertCandidates, loadTaxonomy } from '../harness/data';
import { openLoop } from '../harness/direct';
import { createOpenRequisition, rawId } from '../harness/fixtures';
import type { ClientFactory, LoadClient, LoadResult } from '../harness/load-protocol';
import { MoveClientData, moveClient } from './move';
import { Random } from '../harness/prng';
import { absoluteLatencyRow, checkRow, infoRow, latencyRow } from '../harness/rows';
import { LatencySummary, summarize } from '../harness/stats';
import type { BenchContext, ResultRow, Scenario } from '../harness/types';
import { Receipt, WebhookReceiver } from '../harness/webhook-receiver';
import { Environment } from '../../src/config/environment';

/** Stage changes per second, offered at a fixed rate by the load process. */
const RATE = 50;
/** The quieter rate whose commit→receipt p95 must stay near the reference (issue 19). */
const QUIET_RATE = 20;
const CONNECTIONS = 25;
const APPLICATIONS = 100;
const HEALTHY = ['h1', 'h2', 'h3', 'h4'];
const SLOW = 'slow';
const SLOW_MS = 5_000;
/** After the load stops, how long the healthy endpoints get to receive the rest. */
const DRAIN_SECONDS = 5;
/** At the end, how long the healthy endpoints get to catch up for the exactly-once check. */
const CATCH_UP_SECONDS = 10;

/** `<raw application id>:<version>` (the event's sequence equals the version after the move) → commit time. */
type Commits = [string, number][];

/**
 * Runs in the load process: move's client, plus the time each move's response came back (Date.now(), the commit
 * proxy: the transaction has committed when the mutation answers), reported and forgotten after each job.
 */
export const clients: Record<string, ClientFactory> = {
  webhook: (data: MoveClientData): LoadClient => {
    let commits: Commits = [];
    const client = moveClient(data, (id, version) => commits.push([`${rawId(id)}:${version}`, Date.now()]));
    return {
      ...client,
      report() {
        const out = commits;
        commits = [];
        return out;
      },
    };
  },
};

interface Subscription {
  name: string;
  id: string;
  secret: string;
}

async function subscribe(
  ctx: BenchContext,
  receiverUrl: string,
  name: string,
  requisitionId: string,
): Promise<Subscription> {
  const data = await ctx.gql<any>(
    `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
       webhookSubscription { id } secret userErrors { code field message } } }`,
    {
      input: {
        url: `${receiverUrl}/${name}`,
        eventTypes: ['application.stage_changed'],
        requisitionIds: [requisitionId],
        description: `bench ${name}`,
      },
    },
  );
  const created = data.createWebhookSubscription as { webhookSubscription: { id: string }; secret: string };
  return { name, id: created.webhookSubscription.id, secret: created.secret };
}

interface PhaseResult {
  load: LoadResult;
  commits: Map<string, number>;
  /**
   * Commit→receipt of the phase's moves on the healthy endpoints, as received by the end of the phase's drain; a
   * delivery not received by then counts with the time it had waited (a lower bound).
   */
  latency: LatencySummary;
  /** Healthy deliveries of the phase's moves not received by the end of its drain. */
  late: number;
  /** Healthy receipts that arrived before the mutation's response (negative commit→receipt). */
  early: number;
  receipts: Receipt[];
  /** Healthy deliveries received per second from the start of the load to the end of the drain (any phase's). */
  deliveryRate: number;
}

/** Every move committed and every delivery received in the scenario, for the exactly-once check at the end. */
class Ledger {
  readonly commits = new Map<string, number>();
  readonly receipts: Receipt[] = [];

  /** Per endpoint: distinct deliveries of known moves, duplicates, bad signatures, unknown. */
  check(name: string) {
    const seen = new Set<string>();
    const stats = { distinct: 0, duplicates: 0, unverified: 0, unexpected: 0 };
    for (const r of this.receipts) {
      if (r.name !== name) continue;
      if (!r.verified) stats.unverified++;
      const key = receiptKey(r);
      if (!this.commits.has(key)) stats.unexpected++;
      else if (seen.has(key)) stats.duplicates++;
      else {
        seen.add(key);
        stats.distinct++;
      }
    }
    return stats;
  }
}

const receiptKey = (r: Receipt) => (r.applicationId ? `${rawId(r.applicationId)}:${r.sequence}` : '');

/** Drives `rate` moves/s for `seconds`, then waits (≤ `drainSeconds`) for the healthy endpoints and collects. */
async function phase(
  ctx: BenchContext,
  receiver: WebhookReceiver,
  ledger: Ledger,
  client: { scenario: string; name: string; key: string; data: MoveClientData },
  seconds: number,
  drainSeconds: number,
  rate = RATE,
): Promise<PhaseResult> {
  const started = Date.now();
  const load = await ctx.load({
    url: ctx.appUrl,
    connections: CONNECTIONS,
    overallRate: rate,
    // A fixed number of moves rather than a duration: a duration cuts requests in flight, whose moves may commit
    // (and be delivered) without the client seeing the response.
    amount: rate * seconds,
    maxSeconds: seconds * 3,
    client,
    timeoutSeconds: 30,
  });
  const commits = new Map<string, number>((load.clientReport as Commits | undefined) ?? []);
  for (const [key, at] of commits) ledger.commits.set(key, at);
  const got = new Map<string, number>(HEALTHY.map((h) => [h, 0]));
  const receipts: Receipt[] = [];
  const deadline = Date.now() + drainSeconds * 1000;
  for (;;) {
    const batch = await receiver.collect([...HEALTHY, SLOW]);
    receipts.push(...batch);
    for (const r of batch)
      if (commits.has(receiptKey(r)) && got.has(r.name)) got.set(r.name, got.get(r.name)! + 1);
    if (HEALTHY.every((h) => got.get(h)! >= commits.size) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const drained = Date.now();
  const healthyReceived = receipts.filter((r) => HEALTHY.includes(r.name)).length;
  ledger.receipts.push(...receipts);
  const latencies: number[] = [];
  let early = 0;
  let late = 0;
  for (const name of HEALTHY) {
    const first = new Map<string, number>();
    for (const r of receipts) {
      const key = receiptKey(r);
      if (r.name === name && commits.has(key) && !first.has(key)) first.set(key, r.at);
    }
    for (const [key, committed] of commits) {
      const at = first.get(key);
      if (at === undefined) {
        late++;
        latencies.push(drained - committed);
      } else {
        latencies.push(at - committed);
        if (at < committed) early++;
      }
    }
  }
  return {
    load,
    commits,
    latency: summarize(latencies),
    late,
    early,
    receipts,
    deliveryRate: healthyReceived / ((drained - started) / 1000),
  };
}

/**
 * The reference: what one event's trip must cost at the least — a NOTIFY committed on one connection, received by
 * a LISTENing connection, and one POST of a delivery-sized body to the same receiver — open loop at RATE/s.
 * Latency from just before the NOTIFY to the receiver's receipt.
 */
async function reference(ctx: BenchContext, receiver: WebhookReceiver, count: number) {
  const listener = await ctx.pool.connect();
  const sent = new Map<number, number>();
  const notifyMs: number[] = [];
  const posts: Promise<unknown>[] = [];
  const padding = 'x'.repeat(560); // a stage_changed delivery's body is about 600 bytes
  try {
    await listener.query('LISTEN bench_webhook_reference');
    listener.on('notification', (message) => {
      const ref = Number(message.payload);
      notifyMs.push(Date.now() - (sent.get(ref) ?? NaN));
      posts.push(
        fetch(`${receiver.url}/ref`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'reference', ref, padding }),
        }).then((response) => response.arrayBuffer()),
      );
    });
    await openLoop(count, RATE, async (i) => {
      sent.set(i, Date.now());
      await ctx.pool.query(`SELECT pg_notify('bench_webhook_reference', $1)`, [String(i)]);
    });
    const deadline = Date.now() + 10_000;
    while (posts.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(posts);
    await listener.query('UNLISTEN *');
  } finally {
    listener.removeAllListeners('notification');
    listener.release();
  }
  const receipts = await receiver.collect(['ref']);
  const latencies = receipts
    .filter((r) => r.ref !== null && sent.has(r.ref))
    .map((r) => r.at - (sent.get(r.ref as number) as number));
  return { latency: summarize(latencies), notify: summarize(notifyMs), received: latencies.length };
}

/**
 * Where the healthy deliveries' time went, from the database's own timestamps: the move's transaction start
 * (event.occurred_at) → its response (commit proxy) → the fan-out job's transaction (delivery.created_at) → the
 * delivery job's attempt (attempt.attempted_at) → receipt.
 */
async function breakdown(
  ctx: BenchContext,
  result: Pick<PhaseResult, 'commits' | 'receipts'>,
  subscriptionIds: string[],
) {
  const { rows } = await ctx.pool.query<{
    webhook_id: string;
    application_id: string;
    sequence: number;
    occurred: string;
    fanned: string;
    attempted: string;
  }>(
    `SELECT 'msg_' || replace(d.id::text, '-', '') AS webhook_id, e.aggregate_id AS application_id, e.sequence,
            extract(epoch FROM e.occurred_at) * 1000 AS occurred, extract(epoch FROM d.created_at) * 1000 AS fanned,
            extract(epoch FROM (SELECT min(a.attempted_at) FROM webhook_attempt a WHERE a.delivery_id = d.id)) * 1000
              AS attempted
       FROM webhook_delivery d JOIN event e ON e.id = d.event_id
      WHERE d.subscription_id = ANY($1::uuid[])`,
    [subscriptionIds],
  );
  const byId = new Map(rows.map((r) => [r.webhook_id, r]));
  const parts = {
    txToResponse: [] as number[],
    responseToFanOut: [] as number[],
    fanOutToAttempt: [] as number[],
  };
  const attemptToReceipt: number[] = [];
  for (const receipt of result.receipts) {
    if (!HEALTHY.includes(receipt.name) || !receipt.webhookId) continue;
    const row = byId.get(receipt.webhookId);
    if (!row) continue;
    const committed = result.commits.get(`${row.application_id}:${row.sequence}`);
    if (committed === undefined) continue;
    parts.txToResponse.push(committed - Number(row.occurred));
    parts.responseToFanOut.push(Number(row.fanned) - committed);
    parts.fanOutToAttempt.push(Number(row.attempted) - Number(row.fanned));
    attemptToReceipt.push(receipt.at - Number(row.attempted));
  }
  return {
    txToResponse: summarize(parts.txToResponse),
    responseToFanOut: summarize(parts.responseToFanOut),
    fanOutToAttempt: summarize(parts.fanOutToAttempt),
    attemptToReceipt: summarize(attemptToReceipt),
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const p50p95 = (s: LatencySummary) => `${ms(s.p50)} / ${ms(s.p95)}`;

export const webhook: Scenario = {
  name: 'webhook',
  description: `${RATE} moveApplication/s to ${HEALTHY.length + 1} webhook subscriptions on a local receiver, one answering in ${SLOW_MS / 1000} s`,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const cap = ctx.app.get(Environment).WEBHOOK_SUBSCRIPTION_CONCURRENCY;
    if (!ctx.jobQueueInstalled) throw new Error('the webhook scenario needs the graphile_worker schema');
    const rng = new Random(0x3eb);
    const requisition = await createOpenRequisition(ctx, 'ML Engineer, Platform (webhook bench)');
    const taxonomy = await loadTaxonomy(ctx.pool);
    const candidates = await insertCandidates(ctx.pool, rng, taxonomy, APPLICATIONS, 'webhook');
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
      'webhook',
    );
    await ctx.pool.query('ANALYZE');
    const client = {
      scenario: 'webhook',
      name: 'webhook',
      key: 'webhook-app',
      data: {
        token: ctx.adminToken,
        stages: [requisition.stages[1].id, requisition.stages[2].id],
        applications: ids.map((id) => ({
          id: Buffer.from(`Application:${id}`).toString('base64url'),
          version: 1,
        })),
      } satisfies MoveClientData,
    };

    const receiver = new WebhookReceiver();
    const ledger = new Ledger();
    const subscriptions: Subscription[] = [];
    const remove = async (s: Subscription) => {
      await ctx
        .gql(
          `mutation($input: WebhookSubscriptionIdInput!) { deleteWebhookSubscription(input: $input) { deletedId userErrors { code message } } }`,
          { input: { id: s.id } },
        )
        .catch((error: Error) => ctx.log(`deleting ${s.name}: ${error.message}`));
      subscriptions.splice(subscriptions.indexOf(s), 1);
    };
    try {
      const url = await receiver.start(SLOW_MS);
      // Reference first, while the application is idle.
      const ref = await reference(ctx, receiver, RATE * ctx.seconds(6));
      ctx.log(
        `reference: NOTIFY→POST receipt p50/p95 ${p50p95(ref.latency)} ms (NOTIFY alone ${p50p95(ref.notify)} ms), ${ref.received} samples`,
      );

      for (const name of HEALTHY) subscriptions.push(await subscribe(ctx, url, name, requisition.id));
      await receiver.setSecrets(Object.fromEntries(subscriptions.map((s) => [s.name, s.secret])));
      const healthyIds = subscriptions.map((s) => rawId(s.id));

      // Warm-up (not measured), then the run without the slow endpoint, then the run with it.
      await phase(ctx, receiver, ledger, client, ctx.seconds(2), 0);
      await ctx.settle(5);
      const without = await phase(ctx, receiver, ledger, client, ctx.seconds(10), DRAIN_SECONDS);
      ctx.log(
        `without the slow endpoint: commit→receipt p50/p95 ${p50p95(without.latency)} ms (${without.late} late)`,
      );
      await ctx.settle(5);
      const quiet = await phase(ctx, receiver, ledger, client, ctx.seconds(10), DRAIN_SECONDS, QUIET_RATE);
      ctx.log(
        `at ${QUIET_RATE} moves/s: commit→receipt p50/p95 ${p50p95(quiet.latency)} ms (${quiet.late} late)`,
      );
      await ctx.settle(5);

      const slow = await subscribe(ctx, url, SLOW, requisition.id);
      subscriptions.push(slow);
      await receiver.setSecrets({ [SLOW]: slow.secret });
      const withSlow = await ctx.profile('app', () =>
        phase(ctx, receiver, ledger, client, ctx.seconds(30), DRAIN_SECONDS),
      );
      ctx.log(
        `with the slow endpoint: commit→receipt p50/p95 ${p50p95(withSlow.latency)} ms (${withSlow.late} late)`,
      );
      // The slow endpoint is not waited for; the healthy ones get a bounded catch-up for the exactly-once check.
      const slowReceived = ledger.check(SLOW);
      await remove(slow);
      const expected = ledger.commits.size;
      const catchUpUntil = Date.now() + CATCH_UP_SECONDS * 1000;
      while (HEALTHY.some((h) => ledger.check(h).distinct < expected) && Date.now() < catchUpUntil) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        ledger.receipts.push(...(await receiver.collect([...HEALTHY, SLOW])));
      }
      const parts = await breakdown(
        ctx,
        { commits: withSlow.commits, receipts: ledger.receipts },
        healthyIds,
      );
      ctx.log(
        `where the time goes (p50 / p95 ms): move tx start→response ${p50p95(parts.txToResponse)}, response→fan-out tx ${p50p95(parts.responseToFanOut)}, fan-out→attempt ${p50p95(parts.fanOutToAttempt)}, attempt→receipt ${p50p95(parts.attemptToReceipt)}`,
      );
      const healthy = HEALTHY.map((h) => ledger.check(h));
      const total = (f: (e: (typeof healthy)[number]) => number) => healthy.reduce((n, e) => n + f(e), 0);
      const missing = total((e) => expected - e.distinct);
      const wrong = total((e) => e.duplicates + e.unverified + e.unexpected);
      const failedMoves = [without, quiet, withSlow].reduce(
        (n, r) => n + r.load.responses - r.load.ok + r.load.errors + r.load.timeouts,
        0,
      );
      const early = without.early + quiet.early + withSlow.early;
      const lowerBound = (r: PhaseResult) =>
        r.late > 0
          ? `lower bound: ${r.late} of ${r.commits.size * HEALTHY.length} healthy deliveries had not arrived ${DRAIN_SECONDS} s after the load stopped and count with the time they had waited`
          : undefined;
      return [
        {
          ...absoluteLatencyRow(
            'webhook',
            `commit→receipt p95, 4 healthy endpoints (${RATE} moves/s, + 1 slow)`,
            withSlow.latency.p95,
            ref.latency.p95,
            1000,
          ),
          note: lowerBound(withSlow),
        },
        {
          ...absoluteLatencyRow(
            'webhook',
            `commit→receipt p95, 4 healthy endpoints (${QUIET_RATE} moves/s)`,
            quiet.latency.p95,
            ref.latency.p95,
            150,
          ),
          note: lowerBound(quiet),
        },
        infoRow('webhook', 'commit→receipt p50', 'ms', withSlow.latency.p50, ref.latency.p50),
        {
          ...latencyRow(
            'webhook',
            'healthy p95 with the slow endpoint (reference: the run without it)',
            withSlow.latency.p95,
            without.latency.p95,
            1.2,
          ),
          note: lowerBound(without),
        },
        infoRow(
          'webhook',
          'stage changes/s; healthy deliveries received/s with (without) the slow one; move p95 (ms)',
          '',
          `${(withSlow.commits.size / withSlow.load.durationSeconds).toFixed(1)}; ${withSlow.deliveryRate.toFixed(0)} (${without.deliveryRate.toFixed(0)}) = ${(withSlow.deliveryRate / (RATE * HEALTHY.length)).toFixed(2)}× (${(without.deliveryRate / (RATE * HEALTHY.length)).toFixed(2)}×) the offered rate, which the reference keeps; ${withSlow.load.latency.p95.toFixed(0)}`,
          `${RATE}; ${RATE * HEALTHY.length}; —`,
        ),
        infoRow(
          'webhook',
          'p50 / p95 ms: tx start→response, →fan-out tx, →attempt, →receipt',
          'ms',
          [parts.txToResponse, parts.responseToFanOut, parts.fanOutToAttempt, parts.attemptToReceipt]
            .map(p50p95)
            .join(', '),
          `NOTIFY ${p50p95(ref.notify)}`,
        ),
        checkRow(
          'webhook',
          `healthy deliveries: duplicate; bad signature; unexpected; failed moves; missing after +${CATCH_UP_SECONDS} s`,
          '',
          `${total((e) => e.duplicates)}; ${total((e) => e.unverified)}; ${total((e) => e.unexpected)}; ${failedMoves}; ${missing} of ${expected * HEALTHY.length}`,
          null,
          '0; 0; 0; 0; 0',
          wrong === 0 && failedMoves === 0 && missing === 0,
          early > 0
            ? `${early} deliveries arrived before their mutation's response (negative commit→receipt, counted as is)`
            : undefined,
        ),
        checkRow(
          'webhook',
          `slow endpoint (answers in ${SLOW_MS / 1000} s): received in the run + ${DRAIN_SECONDS} s; duplicate; bad signature`,
          '',
          `${slowReceived.distinct} of ${withSlow.commits.size}; ${slowReceived.duplicates}; ${slowReceived.unverified}`,
          null,
          'lags; 0; 0',
          slowReceived.duplicates + slowReceived.unverified + slowReceived.unexpected === 0,
          `its lane (WEBHOOK_SUBSCRIPTION_CONCURRENCY=${cap} attempts in flight) caps it at ${((cap * 1000) / SLOW_MS).toFixed(1)}/s; not waited for`,
        ),
      ];
    } finally {
      // The slow endpoint's backlog must not run into the next scenario: deleting a subscription ends its jobs.
      for (const s of [...subscriptions]) await remove(s);
      await receiver.stop();
    }
  },
};
