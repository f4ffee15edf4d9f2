import { closedLoop, DirectResult } from './direct';
import type { LoadResult } from './load-protocol';
import type { BenchContext } from './types';

/**
 * A read scenario's measurement: the app answers a cycle of GraphQL requests from `connections` clients, then the
 * reference runs `referenceStep` in a closed loop with as many workers; each warmed up 3 s, measured 12 s.
 */
export async function cycleAgainstReference(
  ctx: BenchContext,
  scenario: string,
  requests: unknown[],
  connections: number,
  referenceStep: () => Promise<void>,
): Promise<{ app: LoadResult; ref: DirectResult }> {
  const client = {
    scenario: 'builtin',
    name: 'cycle',
    key: `${scenario}-app`,
    data: { requests, failIfBodyMatches: '"errors"' },
  };
  await ctx.load({ url: ctx.appUrl, connections, durationSeconds: ctx.seconds(3), client });
  const app = await ctx.profile('app', () =>
    ctx.load({ url: ctx.appUrl, connections, durationSeconds: ctx.seconds(12), client }),
  );
  if (app.ok !== app.responses) throw new Error(`${scenario}: failures, e.g. ${app.failureSamples[0]}`);
  await closedLoop(connections, ctx.seconds(3), referenceStep);
  const ref = await closedLoop(connections, ctx.seconds(12), referenceStep);
  return { app, ref };
}
