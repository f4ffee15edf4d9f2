import { createHmac } from 'node:crypto';
import {
  changeRequisitionStatus,
  createCandidate,
  createRequisition,
  databaseId,
  unique,
} from '../factories';
import { createJobBoard, inboundCounts, publishRequisition } from '../factories/job-boards';
import { createTestApp, TestApp } from '../support/test-app';
import { ResumesService } from '../../src/resumes/resumes.service';

const sign = (secret: string, body: string | Buffer) =>
  createHmac('sha1', secret).update(body).digest('base64');

describe('inbound applications', () => {
  let t: TestApp;
  let indeed: { id: string; slug: string; name: string; secret: string };
  let career: { id: string; slug: string; name: string };
  let requisition: { id: string; stages: { id: string; name: string }[] };
  let indeedPosting: string;
  let careerPosting: string;

  beforeAll(async () => {
    t = await createTestApp();
    indeed = await createJobBoard(t, 'INDEED', 'Indeed US');
    career = await createJobBoard(t, 'CAREER_PAGE', 'Careers site');
    requisition = await createRequisition(t);
    [indeedPosting, careerPosting] = await publishRequisition(t, requisition.id, [indeed.id, career.id]);
  });
  afterAll(() => t.close());

  describe('career page', () => {
    const url = () => `/v1/boards/${career.slug}/jobs/${careerPosting}/applications`;
    const valid = (overrides: Record<string, unknown> = {}) => ({
      fullName: 'Grace Hopper',
      email: `grace.${unique()}@example.com`,
      phone: '+1 415 555 0100',
      links: [{ kind: 'GITHUB', url: 'https://github.com/grace' }],
      answers: [{ question: 'Work authorisation?', answer: 'Yes' }],
      consent: true,
      ...overrides,
    });

    it.each([
      ['JSON', true],
      ['a form', false],
    ])(
      'records the optional retention consent (%s) with its time, CAREER_PAGE and the posting; the required consent alone records none',
      async (_how, json) => {
        const retainUntil = new Date(Date.now() + 700 * 86_400_000);
        retainUntil.setUTCMilliseconds(0);
        const consenting = valid({ retentionConsent: true, retainUntil: retainUntil.toISOString() });
        const plain = valid();
        for (const body of [consenting, plain]) {
          const request = t.http.post(url());
          const response = json
            ? await request.send(body)
            : await Object.entries(body).reduce(
                (form, [name, value]) =>
                  form.field(name, typeof value === 'string' ? value : JSON.stringify(value)),
                request,
              );
          expect(response.status).toBe(201);
        }
        const consentOf = async (email: string) =>
          (
            await t.sql(
              `SELECT c.consent_source, c.consent_retain_until, c.consent_given_at > now() - interval '1 minute' AS recent,
                      p.id IS NOT NULL AS posting_matches
               FROM candidate c LEFT JOIN job_posting p ON p.id = c.consent_posting_id AND p.id::text = $2
               WHERE lower(c.email) = lower($1)`,
              [email, /^[0-9a-f-]{36}$/.test(careerPosting) ? careerPosting : databaseId(careerPosting)],
            )
          )[0];
        expect(await consentOf(consenting.email)).toEqual({
          consent_source: 'CAREER_PAGE',
          consent_retain_until: retainUntil,
          recent: true,
          posting_matches: true,
        });
        expect(await consentOf(plain.email)).toMatchObject({
          consent_source: null,
          consent_retain_until: null,
          posting_matches: false,
        });
      },
    );

    it('creates the candidate and the application in the first stage, with events and the delivery stored', async () => {
      const body = valid();
      const response = await t.http.post(url()).send(body);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ status: 'accepted', applicationId: expect.any(String) });
      const [application] = await t.sql(
        `SELECT a.source_kind, a.source_detail, s.position, c.email, c.phone, c.consent_given_at, c.retain_until
         FROM application a JOIN pipeline_stage s ON s.id = a.stage_id JOIN candidate c ON c.id = a.candidate_id
         WHERE a.id = $1`,
        [databaseId(response.body.applicationId)],
      );
      expect(application).toMatchObject({
        source_kind: 'CAREER_PAGE',
        source_detail: 'Careers site',
        position: 0,
        email: body.email,
        phone: '+1 415 555 0100',
      });
      expect(application.consent_given_at).not.toBeNull();
      // Retention runs from when the application ends (docs/privacy.md): nothing is due while it is live.
      expect(application.retain_until).toBeNull();
      const events = await t.sql(`SELECT type FROM event WHERE aggregate_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      expect(events.map((e) => e.type)).toContain('application.created');
      const [delivery] = await t.sql(
        `SELECT source, response_status, raw_body, application_id FROM inbound_delivery WHERE application_id = $1`,
        [databaseId(response.body.applicationId)],
      );
      expect(delivery).toMatchObject({ source: 'CAREER_PAGE', response_status: 201 });
      expect(JSON.parse(delivery.raw_body.toString('utf8'))).toEqual(body);
    });

    it.each<[string, unknown]>([
      ['no consent', { ...valid(), consent: undefined }],
      ['consent false', valid({ consent: false })],
      ['consent "yes"', valid({ consent: 'yes' })],
      ['a malformed e-mail', valid({ email: 'not-an-email' })],
      ['no name', valid({ fullName: '   ' })],
      ['a retention date in the past', valid({ retainUntil: '2020-01-01T00:00:00Z' })],
      [
        'a retention date in 10 years',
        valid({ retainUntil: new Date(Date.now() + 3650 * 86_400_000).toISOString() }),
      ],
      ['a malformed retention date', valid({ retainUntil: 'soon' })],
      ['an unknown field', valid({ salary: 1 })],
      ['a javascript: link', valid({ links: [{ kind: 'OTHER', url: 'javascript:alert(1)' }] })],
      ['a NUL character', valid({ fullName: 'Grace\u0000Hopper' })],
      ['an oversized name', valid({ fullName: 'x'.repeat(201) })],
      ['a phone that is not one', valid({ phone: 'call me, maybe' })],
      ['an oversized phone', valid({ phone: '1'.repeat(41) })],
      ['a JSON array', [valid()]],
    ])('refuses %s with 400 and writes nothing', async (_case, body) => {
      const before = await inboundCounts(t);
      const response = await t.http.post(url()).send(body as object);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await inboundCounts(t)).toEqual(before);
    });

    it('refuses malformed JSON and other content types, writing nothing', async () => {
      const before = await inboundCounts(t);
      const broken = await t.http.post(url()).set('content-type', 'application/json').send('{"fullName": ');
      expect(broken.status).toBe(400);
      const text = await t.http.post(url()).set('content-type', 'text/plain').send('hello');
      expect(text.status).toBe(415);
      expect(await inboundCounts(t)).toEqual(before);
    });

    it('answers a repeated Idempotency-Key with the first answer, and refuses it with another body', async () => {
      const body = valid();
      const key = `key-${unique()}`;
      const first = await t.http.post(url()).set('idempotency-key', key).send(body);
      expect(first.status).toBe(201);
      const before = await inboundCounts(t);
      const again = await t.http.post(url()).set('idempotency-key', key).send(body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await inboundCounts(t)).toEqual(before);
      const other = await t.http.post(url()).set('idempotency-key', key).send(valid());
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await inboundCounts(t)).applications).toBe(before.applications);
    });

    it('matches an existing candidate by e-mail and enriches without overwriting', async () => {
      const existing = await createCandidate(t, {
        phone: null,
        links: [{ kind: 'KAGGLE', url: 'https://kaggle.com/g' }],
      });
      const other = await createRequisition(t);
      const [posting] = await publishRequisition(t, other.id, [career.id]);
      const response = await t.http
        .post(`/v1/boards/${career.slug}/jobs/${posting}/applications`)
        .send(valid({ email: existing.email.toUpperCase(), fullName: 'Someone Else' }));
      expect(response.status).toBe(201);
      const [candidate] = await t.sql(`SELECT full_name, phone, links FROM candidate WHERE id = $1`, [
        databaseId(existing.id),
      ]);
      expect(candidate.full_name).toBe(existing.fullName);
      expect(candidate.phone).toBe('+1 415 555 0100');
      expect(candidate.links).toEqual([
        { kind: 'KAGGLE', url: 'https://kaggle.com/g' },
        { kind: 'GITHUB', url: 'https://github.com/grace' },
      ]);
      // A second application with another phone keeps the first.
      const third = await createRequisition(t);
      const [posting3] = await publishRequisition(t, third.id, [career.id]);
      await t.http
        .post(`/v1/boards/${career.slug}/jobs/${posting3}/applications`)
        .send(valid({ email: existing.email, phone: '+44 20 0000 0000' }));
      const [after] = await t.sql(`SELECT phone FROM candidate WHERE id = $1`, [databaseId(existing.id)]);
      expect(after.phone).toBe('+1 415 555 0100');
    });

    it('answers 409 for a second application of the same e-mail, 404 and 410 for postings', async () => {
      const body = valid();
      expect((await t.http.post(url()).send(body)).status).toBe(201);
      const again = await t.http.post(url()).send(body);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('DUPLICATE_APPLICATION');
      expect(
        (await t.http.post(`/v1/boards/${career.slug}/jobs/${indeedPosting}/applications`).send(valid()))
          .status,
      ).toBe(404);
      expect(
        (await t.http.post(`/v1/boards/${career.slug}/jobs/nope/applications`).send(valid())).status,
      ).toBe(404);
      expect(
        (await t.http.post(`/v1/boards/no-such-board/jobs/${careerPosting}/applications`).send(valid()))
          .status,
      ).toBe(404);
      const closed = await createRequisition(t);
      const [posting] = await publishRequisition(t, closed.id, [career.id]);
      await changeRequisitionStatus(t, 'hold', { id: closed.id });
      expect(
        (await t.http.post(`/v1/boards/${career.slug}/jobs/${posting}/applications`).send(valid())).status,
      ).toBe(410);
    });
  });

  describe('Indeed Apply', () => {
    const url = () => `/v1/integrations/indeed/${indeed.slug}/applications`;
    const payload = (overrides: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}) => ({
      id: `indeed-${unique()}`,
      appliedOnMillis: 1_795_600_000_000,
      locale: 'en_US',
      job: {
        jobId: indeedPosting,
        jobTitle: 'ML Engineer',
        jobCompany: 'Acme',
        jobUrl: 'https://example.com',
      },
      applicant: {
        fullName: 'Yann Example',
        email: `yann.${unique()}@example.com`,
        phoneNumber: '+33 1 23 45 67 89',
        resume: {
          file: {
            fileName: 'resume.txt',
            contentType: 'text/plain',
            data: Buffer.from('PyTorch, JAX, Kubernetes. 6 years of deep learning.').toString('base64'),
          },
        },
        ...applicant,
      },
      questionsAndAnswers: { questions: [{ id: 'q1', question: 'Years of Python?', answer: '6' }] },
      unknownField: { ignored: true },
      ...overrides,
    });
    const post = (
      body: string,
      signature: string | null = sign(indeed.secret, body),
      type = 'application/json',
    ) => {
      let call = t.http.post(url()).set('content-type', type);
      if (signature !== null) call = call.set('x-indeed-signature', signature);
      return call.send(body);
    };

    it('accepts a signed application (200) and stores the delivery as received', async () => {
      const body = JSON.stringify(payload());
      const response = await post(body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'accepted', applicationId: expect.any(String) });
      const [row] = await t.sql(
        `SELECT d.signature_valid, d.raw_body, d.external_id, a.source_kind, a.source_detail
         FROM inbound_delivery d JOIN application a ON a.id = d.application_id WHERE d.application_id = $1`,
        [databaseId(response.body.applicationId)],
      );
      expect(row).toMatchObject({
        signature_valid: true,
        source_kind: 'JOB_BOARD',
        source_detail: 'Indeed US',
      });
      expect(row.raw_body.toString('utf8')).toBe(body);
      expect(row.external_id).toBe(JSON.parse(body).id);
      // The plain-text resume is read by the resumes.extract job enqueued with it (run here as the worker would),
      // which adds the skills recognised in it, marked RESUME.
      const [resume] = await t.sql(`SELECT id, status FROM resume WHERE application_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      expect(resume.status).toBe('PENDING');
      await t.app.get(ResumesService).extract(resume.id);
      const skills = await t.sql(
        `SELECT s.name, cs.source FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id JOIN application a
           ON a.candidate_id = cs.candidate_id WHERE a.id = $1 ORDER BY cs.position`,
        [databaseId(response.body.applicationId)],
      );
      expect(skills.map((s) => [s.name, s.source])).toEqual([
        ['PyTorch', 'RESUME'],
        ['JAX', 'RESUME'],
        ['Kubernetes', 'RESUME'],
      ]);
    });

    it('answers a retry of the same id with the original result and creates nothing', async () => {
      const body = JSON.stringify(payload());
      const first = await post(body);
      const before = await inboundCounts(t);
      const retry = await post(body);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(await inboundCounts(t)).toEqual(before);
    });

    it('10 identical deliveries at once make one candidate and one application, with one answer', async () => {
      const p = payload();
      const body = JSON.stringify(p);
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(body)));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(new Set(responses.map((r) => r.body.applicationId)).size).toBe(1);
      const [n] = await t.sql(
        `SELECT (SELECT count(*)::int FROM candidate WHERE lower(email) = lower($1)) AS candidates,
                (SELECT count(*)::int FROM application a JOIN candidate c ON c.id = a.candidate_id WHERE lower(c.email) = lower($1)) AS applications,
                (SELECT count(*)::int FROM inbound_delivery WHERE external_id = $2) AS deliveries`,
        [p.applicant.email, p.id],
      );
      expect(n).toEqual({ candidates: 1, applications: 1, deliveries: 1 });
    });

    it.each<[string, () => [string, string | null, string?]]>([
      ['no signature', () => [JSON.stringify(payload()), null]],
      ['a wrong signature', () => [JSON.stringify(payload()), sign('whsec_other', 'x')]],
      [
        'a signature of other bytes',
        () => [JSON.stringify(payload()), sign(indeed.secret, JSON.stringify(payload()))],
      ],
      ['a signature that is not base64', () => [JSON.stringify(payload()), '!!!']],
      ['an unsigned body that is not even JSON', () => ['{nope', null]],
    ])('answers 401 for %s, storing the refusal and creating nothing else', async (_case, make) => {
      const [body, signature] = make();
      const before = await inboundCounts(t);
      const response = await post(body, signature);
      expect(response.status).toBe(401);
      const after = await inboundCounts(t);
      expect(after).toEqual({ ...before, deliveries: before.deliveries + 1 });
      const [row] = await t.sql(
        `SELECT signature_valid, response_status FROM inbound_delivery ORDER BY received_at DESC LIMIT 1`,
      );
      expect(row).toEqual({ signature_valid: false, response_status: 401 });
    });

    it.each<[string, () => string, number]>([
      ['invalid JSON', () => '{"id": "x", ', 400],
      ['a missing id', () => JSON.stringify({ ...payload(), id: undefined }), 400],
      ['a missing applicant e-mail', () => JSON.stringify(payload({}, { email: undefined })), 400],
      ['a missing job', () => JSON.stringify({ ...payload(), job: undefined }), 400],
      [
        'an unknown job',
        () => JSON.stringify(payload({ job: { jobId: '00000000-0000-4000-8000-000000000000' } })),
        404,
      ],
      ['a job on another board', () => JSON.stringify(payload({ job: { jobId: careerPosting } })), 404],
      ['a malformed e-mail', () => JSON.stringify(payload({}, { email: 'nope' })), 422],
      ['a NUL character in the name', () => JSON.stringify(payload({}, { fullName: 'Yann\u0000' })), 422],
      [
        'a resume that is not base64',
        () =>
          JSON.stringify(
            payload(
              {},
              { resume: { file: { fileName: 'a.pdf', contentType: 'application/pdf', data: '%%%' } } },
            ),
          ),
        422,
      ],
      [
        'a resume of a refused type',
        () =>
          JSON.stringify(
            payload(
              {},
              {
                resume: {
                  file: { fileName: 'a.exe', contentType: 'application/x-msdownload', data: 'TVo=' },
                },
              },
            ),
          ),
        422,
      ],
    ])(
      'answers %s with the right status and creates no candidate or application',
      async (_case, make, status) => {
        const before = await inboundCounts(t);
        const response = await post(make());
        expect(response.status).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        const after = await inboundCounts(t);
        expect({ candidates: after.candidates, applications: after.applications }).toEqual({
          candidates: before.candidates,
          applications: before.applications,
        });
        expect(after.deliveries).toBe(before.deliveries + 1);
      },
    );

    it('answers 409 when the same e-mail applied through another Indeed application', async () => {
      const first = payload();
      expect((await post(JSON.stringify(first))).status).toBe(200);
      const second = payload({}, { email: first.applicant.email.toUpperCase() });
      const response = await post(JSON.stringify(second));
      expect(response.status).toBe(409);
      // And its retry gets the same answer.
      expect((await post(JSON.stringify(second))).status).toBe(409);
    });

    it('answers 410 for a closed posting', async () => {
      const other = await createRequisition(t);
      const [posting] = await publishRequisition(t, other.id, [indeed.id]);
      await changeRequisitionStatus(t, 'close', { id: other.id });
      expect((await post(JSON.stringify(payload({ job: { jobId: posting } })))).status).toBe(410);
    });

    it('answers 413 for an oversized body and 415 for another content type', async () => {
      // Past the 8 MiB these routes take (a 5 MB resume in base64); see inbound-resumes for the limits.
      const huge = JSON.stringify(payload({ padding: 'x'.repeat(8 * 1024 * 1024) }));
      expect((await post(huge)).status).toBe(413);
      const body = JSON.stringify(payload());
      expect((await post(body, sign(indeed.secret, body), 'text/plain')).status).toBe(415);
    });

    it('lists the deliveries for operators, newest first, without their bodies', async () => {
      const body = JSON.stringify(payload());
      const accepted = await post(body);
      await post(body, null);
      const query = `query($id: ID!) { jobBoard(id: $id) { inboundDeliveries(first: 2) { totalCount edges { node {
        id source externalId signatureValid contentType byteSize responseStatus applicationId error processedAt } } } } }`;
      const data = await t.ok<any>(query, { id: indeed.id });
      const [refused, ok] = data.jobBoard.inboundDeliveries.edges.map((e: any) => e.node);
      expect(refused).toMatchObject({
        source: 'INDEED',
        externalId: null,
        signatureValid: false,
        responseStatus: 401,
        applicationId: null,
        error: 'X-Indeed-Signature is missing.',
        byteSize: Buffer.byteLength(body),
      });
      expect(ok).toMatchObject({
        source: 'INDEED',
        externalId: JSON.parse(body).id,
        signatureValid: true,
        contentType: 'application/json',
        responseStatus: 200,
        applicationId: accepted.body.applicationId,
        error: null,
      });
      expect(data.jobBoard.inboundDeliveries.totalCount).toBeGreaterThan(2);
      const recruiter = await t.userWithRole('RECRUITER');
      const refusedQuery = await t.gqlAs(recruiter.token, query, { id: indeed.id });
      expect(refusedQuery.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('reprocesses a delivery refused while its posting was down, once it is published again', async () => {
      const other = await createRequisition(t);
      const [posting] = await publishRequisition(t, other.id, [indeed.id]);
      await t.ok<any>(
        `mutation($input: UnpublishRequisitionInput!) { unpublishRequisition(input: $input) { userErrors { code } } }`,
        { input: { requisitionId: other.id, boardIds: [indeed.id] } },
      );
      const p = payload({ job: { jobId: posting } });
      const body = JSON.stringify(p);
      expect((await post(body)).status).toBe(410);
      await publishRequisition(t, other.id, [indeed.id]);
      const [row] = await t.sql(`SELECT id FROM inbound_delivery WHERE external_id = $1`, [p.id]);
      const result = await t.ok<any>(
        `mutation($input: ReprocessInboundDeliveryInput!) { reprocessInboundDelivery(input: $input) {
          inboundDelivery { source responseStatus applicationId } userErrors { code } } }`,
        { input: { id: Buffer.from(`InboundDelivery:${row.id}`).toString('base64url') } },
      );
      expect(result.reprocessInboundDelivery.inboundDelivery).toMatchObject({
        source: 'INDEED',
        responseStatus: 200,
        applicationId: expect.any(String),
      });
      const retry = await post(body);
      expect(retry.status).toBe(200);
      expect(retry.body.applicationId).toBe(result.reprocessInboundDelivery.inboundDelivery.applicationId);
    });

    it('stops accepting the old secret once it is rotated', async () => {
      const rotated = await t.ok<any>(
        `mutation($input: JobBoardIdInput!) { rotateJobBoardSecret(input: $input) { secret userErrors { code } } }`,
        { input: { id: indeed.id } },
      );
      const body = JSON.stringify(payload());
      expect((await post(body, sign(indeed.secret, body))).status).toBe(401);
      indeed.secret = rotated.rotateJobBoardSecret.secret;
      expect((await post(body, sign(indeed.secret, body))).status).toBe(200);
    });
  });
});
