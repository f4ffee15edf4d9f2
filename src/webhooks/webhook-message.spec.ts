import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signedHeaders, webhookBody, webhookIdOf } from './webhook-message';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('signedHeaders', () => {
  const body = webhookBody('application.stage_changed', new Date('2026-03-10T12:00:00.000Z'), {
    applicationId: 'QXBwbGljYXRpb246MQ',
    sequence: 3,
  });
  const messageId = webhookIdOf(randomUUID());

  const verify = (secretValue: string, headers: Record<string, string>, payload = body) =>
    new Webhook(secretValue).verify(payload, {
      'webhook-id': headers['webhook-id'],
      'webhook-timestamp': headers['webhook-timestamp'],
      'webhook-signature': headers['webhook-signature'],
    });

  it('produces Standard Webhooks headers the independent library verifies', () => {
    const key = secret();
    const at = new Date();
    const headers = signedHeaders(messageId, body, [key], at);
    const { 'webhook-signature': signature, ...rest } = headers;
    expect(rest).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Requisite-Webhooks/1',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(verify(key, headers)).toEqual(JSON.parse(body) as unknown);
  });

  it('does not verify with another secret, another body, another id or another timestamp', () => {
    const key = secret();
    const headers = signedHeaders(messageId, body, [key], new Date());
    expect(() => verify(secret(), headers)).toThrow();
    expect(() => verify(key, headers, body.replace('"sequence":3', '"sequence":4'))).toThrow();
    expect(() => verify(key, { ...headers, 'webhook-id': webhookIdOf(randomUUID()) })).toThrow();
    expect(() =>
      verify(key, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) }),
    ).toThrow();
  });

  it('signs with every active secret: two secrets give two space-separated v1 signatures, each verifying', () => {
    const [newer, older] = [secret(), secret()];
    const headers = signedHeaders(messageId, body, [newer, older], new Date());
    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    for (const signature of signatures) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(signatures[0]).not.toBe(signatures[1]);
    expect(verify(newer, headers)).toEqual(JSON.parse(body) as unknown);
    expect(verify(older, headers)).toEqual(JSON.parse(body) as unknown);
    expect(() => verify(secret(), headers)).toThrow();
    // Each signature alone is the one its secret makes.
    expect(verify(newer, { ...headers, 'webhook-signature': signatures[0] })).toBeDefined();
    expect(verify(older, { ...headers, 'webhook-signature': signatures[1] })).toBeDefined();
    expect(() => verify(newer, { ...headers, 'webhook-signature': signatures[1] })).toThrow();
  });

  it('is deterministic for the same id, body, secret and second', () => {
    const key = secret();
    const at = new Date('2026-03-10T12:00:00.700Z');
    const a = signedHeaders(messageId, body, [key], at);
    const b = signedHeaders(messageId, body, [key], new Date('2026-03-10T12:00:00.100Z'));
    expect(a).toEqual(b);
    expect(a['webhook-timestamp']).toBe(String(Date.parse('2026-03-10T12:00:00Z') / 1000));
  });
});

describe('webhookBody', () => {
  it.each([
    [
      'application.stage_changed',
      new Date('2026-03-10T12:00:00.123Z'),
      { applicationId: 'a1', sequence: 2, changedFields: ['stageId'] },
      '{"type":"application.stage_changed","timestamp":"2026-03-10T12:00:00.123Z","data":{"applicationId":"a1","sequence":2,"changedFields":["stageId"]}}',
    ],
    [
      'webhook.ping',
      new Date(Date.UTC(2026, 0, 1)),
      {},
      '{"type":"webhook.ping","timestamp":"2026-01-01T00:00:00.000Z","data":{}}',
    ],
    [
      'candidate.updated',
      new Date('2026-03-10T12:00:00Z'),
      { note: 'quote " and \\ and ü', nothing: null },
      '{"type":"candidate.updated","timestamp":"2026-03-10T12:00:00.000Z","data":{"note":"quote \\" and \\\\ and ü","nothing":null}}',
    ],
  ])('serialises %s exactly', (type, occurredAt, data, expected) => {
    const body = webhookBody(type, occurredAt, data);
    expect(body).toBe(expected);
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['type', 'timestamp', 'data']);
    expect(JSON.parse(body)).toEqual({ type, timestamp: occurredAt.toISOString(), data });
  });
});

describe('webhookIdOf', () => {
  it.each([
    ['0b9e5c1e-6f0a-4d8e-9a57-3c1f2d4e5f60', 'msg_0b9e5c1e6f0a4d8e9a573c1f2d4e5f60'],
    ['00000000-0000-4000-8000-000000000000', 'msg_00000000000040008000000000000000'],
  ])('%s → %s', (deliveryId, expected) => {
    expect(webhookIdOf(deliveryId)).toBe(expected);
  });

  it('is stable for a delivery and different between deliveries', () => {
    const id = randomUUID();
    expect(webhookIdOf(id)).toBe(webhookIdOf(id));
    expect(webhookIdOf(id)).toBe(webhookIdOf(`${id}`));
    expect(webhookIdOf(randomUUID())).not.toBe(webhookIdOf(id));
    expect(webhookIdOf(id)).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
