import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';
import { Pool } from 'pg';
import pinoHttp from 'pino-http';
import { toGlobalId } from '../../src/common/graphql/global-id';
import { Environment } from '../../src/config/environment';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/identity/tokens.service';
import { requestLogOptions } from '../../src/observability/request-log';
import type { RequestSpec } from '../harness/load-protocol';
import { throughputRow } from '../harness/rows';
import type { BenchContext, ReferenceServer, ResultRow, Scenario } from '../harness/types';

const VIEWER = JSON.stringify({ query: '{ viewer { id } }' });
const CONNECTIONS = 10;

/** A server answering fixed bytes (captured from the app): the cost of HTTP alone. Information only. */
function fixedBytesServer(
  liveBody: string,
  liveType: string,
  viewerBody: string,
  viewerType: string,
): ReferenceServer {
  const bare = Fastify({ logger: false });
  bare.get('/health/live', (_request, reply) => reply.type(liveType).send(liveBody));
  bare.post('/graphql', (_request, reply) => reply.type(viewerType).send(viewerBody));
  return fastifyServer(bare);
}

/**
 * The same work without Nest: bare Fastify with the application's request log (the same pino-http options) for
 * `/health/live`, and Apollo Server on it (`@as-integrations/fastify`) that verifies the same JWT (the same key
 * object, issuer, audience and algorithm), reads the caller with the same `SELECT` over `pg` (a pool the size of
 * the app's), checks the credentials version and answers `{ viewer { id } }` with the same global id.
 */
async function sameWorkServer(env: Environment, databaseUrl: string): Promise<ReferenceServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: env.DATABASE_POOL_SIZE });
  const apollo = new ApolloServer<{ viewerId: string | null }>({
    typeDefs: 'type Viewer { id: ID! } type Query { viewer: Viewer! }',
    resolvers: {
      Query: {
        viewer: (_root: unknown, _args: unknown, context: { viewerId: string | null }) => {
          if (!context.viewerId) throw new Error('unauthenticated');
          return { id: toGlobalId('User', context.viewerId) };
        },
      },
    },
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const key = env.jwtKey();
  const viewerOf = async (authorization: string | undefined): Promise<string | null> => {
    if (!authorization?.startsWith('Bearer ')) return null;
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(authorization.slice(7), key, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      }) as jwt.JwtPayload;
    } catch {
      return null;
    }
    const { rows } = await pool.query<{ id: string; credentials_version: number }>(
      'SELECT * FROM app_user WHERE id = $1 AND active',
      [payload.sub],
    );
    return rows[0] && rows[0].credentials_version === payload.cv ? rows[0].id : null;
  };

  const server = Fastify({ logger: false });
  const log = pinoHttp(requestLogOptions(env));
  server.addHook('onRequest', (request, reply, done) => {
    (request.raw as unknown as { id: string }).id = request.id;
    log(request.raw, reply.raw);
    done();
  });
  server.get('/health/live', () => ({ status: 'ok' }));
  server.post(
    '/graphql',
    fastifyApolloHandler(apollo, {
      context: async (request) => ({ viewerId: await viewerOf(request.headers.authorization) }),
    }),
  );
  const base = fastifyServer(server);
  return {
    listen: () => base.listen(),
    close: async () => {
      await base.close();
      await apollo.stop();
      await pool.end();
    },
  };
}

function fastifyServer(server: ReturnType<typeof Fastify>): ReferenceServer {
  return {
    listen: async () => {
      await server.listen({ port: 0, host: '127.0.0.1' });
      const address = server.server.address();
      return typeof address === 'object' && address ? address.port : 0;
    },
    close: () => server.close(),
  };
}

/**
 * The cost of the stack itself: `GET /health/live` (Fastify + Nest guards, filters, logging) and
 * `{ viewer { id } }` (plus Apollo, authentication with its user lookup, and the query-limits plugin). The targets
 * compare with a reference doing the same work without Nest (see sameWorkServer); a server answering the same
 * bytes is kept as information.
 */
export const floor: Scenario = {
  name: 'floor',
  description:
    'GET /health/live and { viewer { id } } through the whole stack vs the same work on bare Fastify + Apollo (and vs fixed bytes)',
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const env = ctx.app.get(Environment);
    const auth = { authorization: `Bearer ${ctx.adminToken}`, 'content-type': 'application/json' };
    const answer = async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init);
      return {
        status: response.status,
        body: await response.text(),
        type: response.headers.get('content-type') ?? 'application/json',
      };
    };
    const post = { method: 'POST', headers: auth, body: VIEWER };
    const live = await answer(`${ctx.appUrl}/health/live`);
    const viewer = await answer(`${ctx.appUrl}/graphql`, post);
    if (live.status !== 200 || viewer.status !== 200 || !viewer.body.includes('"viewer":{"id"')) {
      throw new Error(`Unexpected answers: ${live.status} ${live.body} / ${viewer.status} ${viewer.body}`);
    }

    const fixedUrl = await ctx.serve(fixedBytesServer(live.body, live.type, viewer.body, viewer.type));
    const sameUrl = await ctx.serve(await sameWorkServer(env, ctx.databaseUrl));
    // The reference must answer what the app answers, or it is not doing the same work.
    const refLive = await answer(`${sameUrl}/health/live`);
    const refViewer = await answer(`${sameUrl}/graphql`, post);
    if (refLive.body !== live.body || refViewer.body !== viewer.body) {
      throw new Error(`The reference answers differently: ${refLive.body} / ${refViewer.body}`);
    }

    const measure = async (url: string, request: RequestSpec, key: string) => {
      const client = {
        scenario: 'builtin',
        name: 'cycle',
        key,
        data: { requests: [request], failIfBodyMatches: '"errors"' },
      };
      await ctx.load({ url, connections: CONNECTIONS, durationSeconds: ctx.seconds(2), client });
      // The app and the references run in this process (load comes from another): its CPU time per answer is the
      // server's cost of one request, which a busy shared machine disturbs far less than throughput.
      const cpu = process.cpuUsage();
      const result = await ctx.load({
        url,
        connections: CONNECTIONS,
        durationSeconds: ctx.seconds(8),
        client,
      });
      const used = process.cpuUsage(cpu);
      return { ...result, cpuMicros: (used.user + used.system) / Math.max(1, result.responses) };
    };
    const rest = { method: 'GET', path: '/health/live' } as const;
    const gql = { method: 'POST', path: '/graphql', headers: auth, body: VIEWER } as const;
    const appRest = await ctx.profile('rest', () => measure(ctx.appUrl, rest, 'floor-rest-app'));
    const sameRest = await measure(sameUrl, rest, 'floor-rest-same');
    const fixedRest = await measure(fixedUrl, rest, 'floor-rest-fixed');
    const appGql = await ctx.profile('graphql', () => measure(ctx.appUrl, gql, 'floor-gql-app'));
    const sameGql = await measure(sameUrl, gql, 'floor-gql-same');
    const fixedGql = await measure(fixedUrl, gql, 'floor-gql-fixed');
    for (const [name, r] of [
      ['app REST', appRest],
      ['app GraphQL', appGql],
      ['reference REST', sameRest],
      ['reference GraphQL', sameGql],
    ] as const) {
      if (r.ok !== r.responses)
        ctx.log(`${name}: ${r.responses - r.ok} failures, e.g. ${r.failureSamples[0]}`);
    }
    const info = (row: ResultRow): ResultRow => ({ ...row, target: '—', pass: null });
    const cpuRow = (metric: string, app: number, reference: number): ResultRow => ({
      scenario: 'floor',
      metric,
      unit: 'µs',
      requisite: Math.round(app),
      reference: Math.round(reference),
      ratio: app / reference,
      target: '—',
      pass: null,
    });
    return [
      throughputRow(
        'floor',
        `GET /health/live throughput (${CONNECTIONS} conns; ref: bare Fastify + the same pino request log)`,
        appRest.throughput,
        sameRest.throughput,
        0.8,
      ),
      info(
        throughputRow(
          'floor',
          'GET /health/live throughput (ref: fixed bytes, no log)',
          appRest.throughput,
          fixedRest.throughput,
          0.8,
        ),
      ),
      throughputRow(
        'floor',
        `{ viewer { id } } throughput (${CONNECTIONS} conns; ref: Apollo on bare Fastify, same JWT check + user SELECT over pg)`,
        appGql.throughput,
        sameGql.throughput,
        0.8,
      ),
      info(
        throughputRow(
          'floor',
          '{ viewer { id } } throughput (ref: fixed bytes)',
          appGql.throughput,
          fixedGql.throughput,
          0.35,
        ),
      ),
      cpuRow(
        'server CPU per request, GET /health/live (ref: same work)',
        appRest.cpuMicros,
        sameRest.cpuMicros,
      ),
      cpuRow(
        'server CPU per request, { viewer { id } } (ref: same work)',
        appGql.cpuMicros,
        sameGql.cpuMicros,
      ),
    ];
  },
};
