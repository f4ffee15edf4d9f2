import { createHash } from 'node:crypto';
import { MAX_RESUME_BYTES } from '../resumes/resume.rules';
import { parseIndeedApplication } from './indeed-apply.parser';

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
