import { createHash, createHmac } from 'node:crypto';
import { ProfileLinkKind } from '../candidates/candidate.enums';
import {
  CandidateFacts,
  enrichment,
  indeedSignatureValid,
  MAX_RESUME_BYTES,
  parseIndeedApplication,
  retentionDate,
  verifyStandardWebhook,
} from './inbound-applications.rules';
import { boardSecretKey } from './job-board.secret';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const DAY = 86_400_000;

describe('retentionDate', () => {
  it.each<[string, Date | undefined, Date | string]>([
    ['defaults to a year', undefined, new Date(NOW.getTime() + 365 * DAY)],
    ['keeps a date within 3 years', new Date(NOW.getTime() + 100 * DAY), new Date(NOW.getTime() + 100 * DAY)],
    ['refuses now', NOW, 'retainUntil must be in the future'],
    ['refuses the past', new Date('2020-01-01'), 'retainUntil must be in the future'],
    ['refuses beyond 3 years', new Date(NOW.getTime() + 1100 * DAY), 'retainUntil must be within 1095 days'],
  ])('%s', (_name, given, expected) => {
    const result = retentionDate(given, NOW);
    expect(result instanceof Date ? result : result.error).toEqual(expected);
  });
});

describe('enrichment', () => {
  const github = { kind: ProfileLinkKind.GITHUB, url: 'https://github.com/a' };
  const kaggle = { kind: ProfileLinkKind.KAGGLE, url: 'https://kaggle.com/a' };
  const facts = (overrides: Partial<CandidateFacts> = {}): CandidateFacts => ({
    phone: null,
    links: [],
    consentGivenAt: null,
    retainUntil: null,
    ...overrides,
  });
  it.each<[string, CandidateFacts, CandidateFacts, Partial<CandidateFacts>]>([
    ['adds a missing phone', facts(), facts({ phone: '+1' }), { phone: '+1' }],
    ['never replaces a phone', facts({ phone: '+1' }), facts({ phone: '+2' }), {}],
    [
      'adds new links after the known ones',
      facts({ links: [github] }),
      facts({ links: [kaggle] }),
      { links: [github, kaggle] },
    ],
    [
      'does not repeat a known link (ignoring case)',
      facts({ links: [github] }),
      facts({ links: [{ ...github, url: 'HTTPS://GITHUB.COM/A' }] }),
      {},
    ],
    ['records consent once', facts(), facts({ consentGivenAt: NOW }), { consentGivenAt: NOW }],
    [
      'keeps the first consent',
      facts({ consentGivenAt: new Date('2025-01-01') }),
      facts({ consentGivenAt: NOW }),
      {},
    ],
    [
      'extends retention',
      facts({ retainUntil: NOW }),
      facts({ retainUntil: new Date(NOW.getTime() + DAY) }),
      { retainUntil: new Date(NOW.getTime() + DAY) },
    ],
    [
      'never shortens retention',
      facts({ retainUntil: new Date(NOW.getTime() + DAY) }),
      facts({ retainUntil: NOW }),
      {},
    ],
    ['changes nothing when nothing is new', facts({ phone: '+1', links: [github] }), facts(), {}],
  ])('%s', (_name, existing, incoming, expected) => {
    expect(enrichment(existing, incoming)).toEqual(expected);
  });
});

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

describe('parseIndeedApplication', () => {
  const hash = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const resume = (contentType: string, data: string) => ({ file: { fileName: 'cv', contentType, data } });
  const full = (applicant: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    id: 'abc123',
    appliedOnMillis: 1,
    job: { jobId: 'job-1', jobTitle: 'ML Engineer' },
    applicant: {
      fullName: 'Ada Lovelace',
      email: 'ada@example.com',
      phoneNumber: '+1 555',
      resume: resume('application/pdf', Buffer.from('%PDF-1.7').toString('base64')),
      ...applicant,
    },
    screenerQuestionsAndAnswers: { questions: [{ q: 1 }, { q: 2 }] },
    somethingNew: 1,
    ...extra,
  });
  const parse = (value: unknown) =>
    parseIndeedApplication(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

  it('reads a full application, ignoring unknown fields', () => {
    expect(parse(full())).toEqual({
      ok: true,
      value: {
        id: 'abc123',
        jobId: 'job-1',
        fullName: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+1 555',
        resume: {
          fileName: 'cv',
          kind: 'pdf',
          contentType: 'application/pdf',
          bytes: Buffer.from('%PDF-1.7'),
          size: 8,
          sha256: hash(Buffer.from('%PDF-1.7')),
        },
        answerCount: 2,
        texts: [],
      },
    });
  });

  it('collects the answers as texts for skill recognition (a resume, even plain text, is read by its job)', () => {
    const result = parse(
      full(
        { resume: resume('text/plain; charset=utf-8', Buffer.from('PyTorch, k8s').toString('base64')) },
        {
          questionsAndAnswers: [
            { question: 'Stack?', answer: 'JAX' },
            { answer: ['Go', 'Rust'] },
            { answer: 3 },
          ],
          screenerQuestionsAndAnswers: { questions: [{ question: 'Cloud?', answer: 'GCP' }] },
        },
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { texts: ['JAX', 'Go', 'Rust', 'GCP'] },
    });
  });

  it.each<[string, unknown, number, RegExp]>([
    ['not JSON', '{"id":', 400, /not valid JSON/],
    ['a JSON array', '[]', 400, /object/],
    ['no id', { ...full(), id: undefined }, 400, /id/],
    ['no job id', { ...full(), job: {} }, 400, /job\.jobId/],
    [
      'no e-mail and no name',
      full({ email: undefined, fullName: '' }),
      400,
      /applicant\.fullName, applicant\.email/,
    ],
    ['a malformed e-mail', full({ email: 'ada' }), 422, /e-mail/],
    ['a resume of another type', full({ resume: resume('image/png', 'iVBORw0KGgo=') }), 422, /PDF, Word/],
    [
      'a resume that is not base64',
      full({ resume: resume('application/pdf', 'not base64!') }),
      422,
      /base64/,
    ],
    ['an empty resume', full({ resume: resume('text/plain', '') }), 422, /base64/],
    [
      'a resume over 5 MB',
      full({ resume: resume('text/plain', Buffer.alloc(MAX_RESUME_BYTES + 1).toString('base64')) }),
      422,
      /5 MB/,
    ],
    ['an over-long id', { ...full(), id: 'x'.repeat(201) }, 422, /id/],
    [
      'a NUL character in the name',
      full({ fullName: 'Ada\u0000' }),
      422,
      /applicant\.fullName must not contain NUL/,
    ],
    ['a NUL character in the id', { ...full(), id: 'a\u0000b' }, 422, /^id must not contain NUL/],
    [
      'a NUL character in the phone',
      full({ phoneNumber: '+1\u0000' }),
      422,
      /phoneNumber must not contain NUL/,
    ],
  ])('refuses %s', (_name, body, status, message) => {
    const result = parse(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(status);
      expect(result.message).toMatch(message);
    }
  });

  it.each<[string, Buffer]>([
    ['application/msword', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]),
    ],
    ['application/rtf', Buffer.from('{\\rtf1 hello}')],
    ['text/rtf', Buffer.from('{\\rtf1 hello}')],
    ['text/plain; charset=utf-8', Buffer.from('hello')],
  ])('accepts a %s resume whose content is of that type', (contentType, bytes) => {
    expect(parse(full({ resume: resume(contentType, bytes.toString('base64')) })).ok).toBe(true);
    const other = contentType.startsWith('text/plain') ? Buffer.from([0xff, 0x00]) : Buffer.from('hello');
    const refused = parse(full({ resume: resume(contentType, other.toString('base64')) }));
    expect(refused).toMatchObject({ ok: false, status: 422 });
    expect(!refused.ok && refused.message).toMatch(/content is not/);
  });

  it.each<[string, string | null]>([
    ['+1 (415) 555-0100', '+1 (415) 555-0100'],
    ['call me maybe', null],
    ['1'.repeat(41), null],
  ])('keeps the phone %j only when it can be stored: %j', (phoneNumber, expected) => {
    expect(parse(full({ phoneNumber }))).toMatchObject({ ok: true, value: { phone: expected } });
  });

  it('accepts a numeric id and no resume', () => {
    const result = parse({ ...full({ resume: undefined }), id: 42 });
    expect(result).toMatchObject({ ok: true, value: { id: '42', resume: null } });
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
