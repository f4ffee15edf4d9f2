import { createHmac } from 'node:crypto';
import { indeedSignatureValid, verifyStandardWebhook } from './board-signatures';
import { boardSecretKey } from './job-board.secret';

describe('indeedSignatureValid', () => {
  const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0';
  const body = Buffer.from('{"id":"1","applicant":{"fullName":"Zoë"}}', 'utf8');
  const good = createHmac('sha1', secret).update(body).digest('base64');
  it.each<[string, string | undefined, boolean]>([
    ['the right signature', good, true],
    ['the right signature with surrounding spaces', ` ${good} `, true],
    ['no signature', undefined, false],
    ['an empty signature', '', false],
    ['a signature of another body', createHmac('sha1', secret).update('x').digest('base64'), false],
    ['a signature with another key', createHmac('sha1', 'other').update(body).digest('base64'), false],
    ['an HMAC-SHA256 signature', createHmac('sha256', secret).update(body).digest('base64'), false],
    ['a hex signature', createHmac('sha1', secret).update(body).digest('hex'), false],
    ['not base64', '%%%', false],
  ])('%s → %s', (_name, header, expected) => {
    expect(indeedSignatureValid(secret, body, header)).toBe(expected);
  });
});

describe('verifyStandardWebhook', () => {
  // The example of the Standard Webhooks specification.
  const key = boardSecretKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = '1614265330';
  const body = Buffer.from('{"test": 2432232314}');
  const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  const at = (seconds: number) => new Date((Number(timestamp) + seconds) * 1000);
  const verify = (
    headers: { id?: string; timestamp?: string; signature?: string },
    now = at(0),
    raw = body,
  ) => verifyStandardWebhook(key, headers, raw, now).ok;

  it.each<[string, { id?: string; timestamp?: string; signature?: string }, Date, boolean]>([
    ['the example', { id, timestamp, signature }, at(0), true],
    ['4m59s late', { id, timestamp, signature }, at(299), true],
    ['5m01s late', { id, timestamp, signature }, at(301), false],
    ['5m01s early', { id, timestamp, signature }, at(-301), false],
    [
      'several signatures, one good',
      { id, timestamp, signature: `v1,AAAA v1a,xyz ${signature}` },
      at(0),
      true,
    ],
    ['another version only', { id, timestamp, signature: signature.replace('v1,', 'v2,') }, at(0), false],
    ['another id', { id: 'msg_other', timestamp, signature }, at(0), false],
    ['another timestamp', { id, timestamp: '1614265331', signature }, at(0), false],
    ['no id', { timestamp, signature }, at(0), false],
    ['no timestamp', { id, signature }, at(0), false],
    ['no signature', { id, timestamp }, at(0), false],
    ['a timestamp that is not a number', { id, timestamp: '1614265330.5', signature }, at(0), false],
    ['a truncated signature', { id, timestamp, signature: signature.slice(0, 20) }, at(0), false],
    ['a signature that is not base64', { id, timestamp, signature: 'v1,!!!!' }, at(0), false],
  ])('%s → %s', (_case, headers, now, expected) => {
    expect(verify(headers, now)).toBe(expected);
  });

  it('refuses another body', () => {
    expect(verify({ id, timestamp, signature }, at(0), Buffer.from('{"test": 2432232315}'))).toBe(false);
  });
});
