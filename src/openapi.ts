import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { LIVENESS_OPENAPI, LIVENESS_PATH } from './health/liveness';

/** The REST contract (job-board and integration surface), generated from the controllers. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Requisite REST API')
    .setDescription(
      'REST endpoints of Requisite: sign-in, health, and the job-board surface. Hiring teams use GraphQL at ' +
        '/graphql (schema.gql). Errors are RFC 9457 problem details (application/problem+json) with a `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token or an `rqs_` API key.' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Served by Fastify directly (no controller to describe it).
  document.paths = { [LIVENESS_PATH]: LIVENESS_OPENAPI, ...document.paths };
  return document;
}

/** Serves the document at /openapi.json and a browsable UI at /docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
  });
}
