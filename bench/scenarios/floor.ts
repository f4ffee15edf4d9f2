import Fastify from 'fastify';
import type { RequestSpec } from '../harness/load-protocol';
import { throughputRow } from '../harness/rows';
import type { BenchContext, ResultRow, Scenario } from '../harness/types';

const VIEWER = JSON.stringify({ query: '{ viewer { id } }' });
const CONNECTIONS = 10;

/**
 * The cost of the stack itself: `GET /health/live` (Fastify + Nest guards, interceptors, filters, logging) and
 * `{ viewer { id } }` (plus Apollo, authentication with its user lookup, and the query-limits plugin), against a
 * bare Fastify server answering the same bytes.
 */
export const floor: Scenario = {
  name: 'floor',
  description: 'GET /health/live and { viewer { id } } through the whole stack vs a bare Fastify server',
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const auth = { authorization: `Bearer ${ctx.adminToken}`, 'content-type': 'application/json' };
    const live = await fetch(`${ctx.appUrl}/health/live`);
    const liveBody = await live.text();
    const liveType = live.headers.get('content-type') ?? 'application/json';
    const viewer = await fetch(`${ctx.appUrl}/graphql`, { method: 'POST', headers: auth, body: VIEWER });
    const viewerBody = await viewer.text();
    const viewerType = viewer.headers.get('content-type') ?? 'application/json';
    if (live.status !== 200 || viewer.status !== 200 || !viewerBody.includes('"viewer":{"id"')) {
      throw new Error(`Unexpected answers: ${live.status} ${liveBody} / ${viewer.status} ${viewerBody}`);
    }

    const bare = Fastify({ logger: false });
    bare.get('/health/live', (_request, reply) => reply.type(liveType).send(liveBody));
    bare.post('/graphql', (_request, reply) => reply.type(viewerType).send(viewerBody));
    const referenceUrl = await ctx.serve({
      listen: async () => {
        await bare.listen({ port: 0, host: '127.0.0.1' });
        const address = bare.server.address();
        return typeof address === 'object' && address ? address.port : 0;
      },
      close: () => bare.close(),
    });

    const measure = async (url: string, request: RequestSpec, key: string) => {
      const client = {
        scenario: 'builtin',
        name: 'cycle',
        key,
        data: { requests: [request], failIfBodyMatches: '"errors"' },
      };
      await ctx.load({ url, connections: CONNECTIONS, durationSeconds: ctx.seconds(2), client });
      return ctx.load({ url, connections: CONNECTIONS, durationSeconds: ctx.seconds(8), client });
    };
    const rest = { method: 'GET', path: '/health/live' } as const;
    const gql = { method: 'POST', path: '/graphql', headers: auth, body: VIEWER } as const;
    const appRest = await ctx.profile('rest', () => measure(ctx.appUrl, rest, 'floor-rest-app'));
    const refRest = await measure(referenceUrl, rest, 'floor-rest-ref');
    const appGql = await ctx.profile('graphql', () => measure(ctx.appUrl, gql, 'floor-gql-app'));
    const refGql = await measure(referenceUrl, gql, 'floor-gql-ref');
    for (const [name, r] of [
      ['app REST', appRest],
      ['app GraphQL', appGql],
    ] as const) {
      if (r.ok !== r.responses)
        ctx.log(`${name}: ${r.responses - r.ok} failures, e.g. ${r.failureSamples[0]}`);
    }
    return [
      throughputRow(
        'floor',
        `GET /health/live throughput (${CONNECTIONS} conns)`,
        appRest.throughput,
        refRest.throughput,
        0.8,
      ),
      throughputRow(
        'floor',
        `{ viewer { id } } throughput (${CONNECTIONS} conns)`,
        appGql.throughput,
        refGql.throughput,
        0.35,
      ),
    ];
  },
};
