import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the IDE's files are served from; the page itself is `GET /graphql` as a browser asks for it. */
export const IDE_ASSET_PATH = '/graphql/ide';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The built files of the npm packages (GraphiQL's browser bundle and the React it runs on): no CDN. */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(pkg)), file);
}

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.production.min.js': { file: () => packageFile('react', 'umd/react.production.min.js'), type: JS },
  'react-dom.production.min.js': {
    file: () => packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: JS,
  },
  'graphiql.min.js': { file: () => require.resolve('graphiql/graphiql.min.js'), type: JS },
  'graphiql.min.css': { file: () => require.resolve('graphiql/graphiql.min.css'), type: CSS },
};

const DEFAULT_QUERY = `# Requisite's GraphQL API. Put your access token (POST /v1/auth/token) or API key in the
# Authorization header below ("Headers"), then run this with Ctrl-Enter.
# The documentation explorer (top left) lists every type and field.
query Viewer {
  viewer {
    name
  }
}
`;

/** Type wrappers the schema nests at most (`[String!]!` is three); six leave room. */
const TYPE_REF_DEPTH = 6;

/**
 * The introspection query the IDE sends: graphql-js's own, with the type-reference fragment nested six levels
 * instead of nine, so that it fits the API's depth limit (GRAPHQL_LIMITS.maxDepth) like any other operation.
 */
export const IDE_INTROSPECTION_QUERY = (() => {
  const standard = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    inputValueDeprecation: true,
  });
  const start = standard.indexOf('fragment TypeRef on __Type');
  if (start < 0) throw new Error('graphql-js changed its introspection query: adapt IDE_INTROSPECTION_QUERY');
  let typeRef = 'kind name';
  for (let level = 0; level < TYPE_REF_DEPTH; level++) typeRef = `kind name ofType { ${typeRef} }`;
  return `${standard.slice(0, start)}fragment TypeRef on __Type { ${typeRef} }\n`;
})();

/** Starts GraphiQL: the page's only script besides the packages (a strict CSP allows no inline code). */
const START = `(function () {
  var send = GraphiQL.createFetcher({ url: window.location.origin + '/graphql' });
  // GraphiQL's own introspection query nests deeper than the API allows; this one reads the same schema.
  var fetcher = function (params, options) {
    if (params.operationName === 'IntrospectionQuery') {
      params = Object.assign({}, params, { query: ${JSON.stringify(IDE_INTROSPECTION_QUERY)} });
    }
    return send(params, options);
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: ${JSON.stringify(JSON.stringify({ Authorization: 'Bearer ' }, null, 2))},
      defaultEditorToolsVisibility: 'headers',
      // Tokens stay out of the browser's storage.
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Requisite · GraphQL IDE</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${IDE_ASSET_PATH}/graphiql.min.css" />
    <link rel="stylesheet" href="${IDE_ASSET_PATH}/page.css" />
  </head>
  <body>
    <div id="graphiql">Loading the GraphQL IDE…</div>
    <script src="${IDE_ASSET_PATH}/react.production.min.js"></script>
    <script src="${IDE_ASSET_PATH}/react-dom.production.min.js"></script>
    <script src="${IDE_ASSET_PATH}/graphiql.min.js"></script>
    <script src="${IDE_ASSET_PATH}/start.js"></script>
  </body>
</html>
`;

const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

/**
 * Scripts only from this origin, no inline script; GraphiQL's editors set inline styles; queries go to this origin.
 * The IDE cannot be framed (clickjacking a signed-in developer).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sendPage(reply: FastifyReply): void {
  void reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .send(PAGE);
}

/**
 * A browser opening `/graphql`: a GET that accepts HTML and carries no operation. Everything else (GET with
 * `?query=`, POST) is a GraphQL request for Apollo, whose CSRF prevention stays as it is.
 */
export function wantsIde(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const [path, search = ''] = request.url.split('?', 2);
  if (path !== '/graphql' && path !== '/graphql/') return false;
  if (new URLSearchParams(search).has('query')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Serves GraphiQL at `GET /graphql` (for browsers) and its files under /graphql/ide/, from the npm packages. */
export function serveGraphQLIde(fastify: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  const read = (name: string): Buffer => {
    let content = cache.get(name);
    if (!content) {
      content = readFileSync(ASSETS[name].file());
      cache.set(name, content);
    }
    return content;
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    if (wantsIde(request)) {
      sendPage(reply);
      return;
    }
    done();
  });
  fastify.get<{ Params: { file: string } }>(`${IDE_ASSET_PATH}/:file`, (request, reply) => {
    const { file } = request.params;
    const headers = { 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=3600' };
    if (file === 'start.js') return reply.headers(headers).type(JS).send(START);
    if (file === 'page.css') return reply.headers(headers).type(CSS).send(PAGE_CSS);
    if (!Object.hasOwn(ASSETS, file)) {
      return reply
        .status(404)
        .type('application/problem+json; charset=utf-8')
        .send({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such file of the IDE.' });
    }
    return reply.headers(headers).type(ASSETS[file].type).send(read(file));
  });
}
