import { createTestApp, TestApp } from '../support/test-app';

describe('health and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /health/live answers without touching the database', async () => {
    const { result: response, statements } = await t.statements.measure(() => t.http.get('/health/live'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(statements).toBe(0);
  });

  it('GET /health/ready pings the database', async () => {
    const { result: response, statements } = await t.statements.measure(() => t.http.get('/health/ready'));
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details.database.status).toBe('up');
    expect(statements).toBeGreaterThan(0);
  });

  it('echoes a sane caller request id and makes one up otherwise', async () => {
    const given = await t.http.get('/health/live').set('x-request-id', 'trace-abc.123');
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const hostile = await t.http.get('/health/live').set('x-request-id', 'evil id with spaces; drop table');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.http.get('/health/live');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
