import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/database';
import { pendingSchemaChanges } from '../../src/schema/schema-drift';
import { toSdl } from '../../src/schema/schema-sdl';
import { createTestApp, TestApp } from '../support/test-app';

describe('contracts that must not drift', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the committed schema.gql is the schema the application serves (run `npm run schema:print`)', () => {
    const served = toSdl(t.app.get(GraphQLSchemaHost).schema);
    const committed = readFileSync(join(__dirname, '../../schema.gql'), 'utf8');
    expect(served).toBe(committed);
  });

  it('the committed openapi.json is the REST contract the application serves (run `npm run openapi:print`)', async () => {
    const served = await t.http.get('/openapi.json');
    expect(served.status).toBe(200);
    const committed = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as unknown;
    expect(served.body).toEqual(committed);
  });

  it('the REST documentation is browsable at /docs without credentials', async () => {
    const page = await t.http.get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
  });

  it('the migrations produce exactly the schema the entities describe (run `npm run migration:generate`)', async () => {
    const changes = await pendingSchemaChanges(process.env.REQUISITE_TEST_DATABASE_URL!);
    expect(changes.up).toEqual([]);
  });

  it("the tooling's entity list (src/database.ts) is exactly what the modules register", () => {
    const registered = t.app.get(DataSource).entityMetadatas.map((metadata) => metadata.target);
    expect(new Set(registered)).toEqual(new Set(ENTITIES));
  });
});
