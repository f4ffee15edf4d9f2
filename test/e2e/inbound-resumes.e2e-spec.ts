import { createHash, createHmac } from 'node:crypto';
import request from 'supertest';
import { createRequisition, databaseId, moveApplication, unique } from '../factories';
import { createJobBoard, inboundCounts, publishRequisition } from '../factories/job-boards';
import { ResumesService } from '../../src/resumes/resumes.service';
import { createTestApp, TestApp } from '../support/test-app';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('fake pdf body '.repeat(100))]);
const DOC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3, 4]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml')]);
const RTF = Buffer.from('{\\rtf1\\ansi Grace Hopper}');
const TXT = Buffer.from('Grace Hopper. PyTorch, JAX and k8s; héllo 🚀\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const signIndeed = (secret: string, body: string) => createHmac('sha1', secret).update(body).digest('base64');

/** Rows an application with a resume writes, for "nothing was written" assertions. */
async function counts(t: TestApp) {
  const [row] = await t.sql(`SELECT count(*)::int AS resumes FROM resume`);
  return { ...(await inboundCounts(t)), resumes: row.resumes as number };
}

describe('resumes and inbound applications', () => {
  let t: TestApp;
  let career: { id: string; slug: string; name: string };
  let indeed: { id: string; slug: string; name: string; secret: string };
  let requisition: { id: string; stages: { id: string; name: string }[] };
  let careerPosting: string;
  let indeedPosting: string;

  beforeAll(async () => {
    t = await createTestApp();
    career = await createJobBoard(t, 'CAREER_PAGE', 'Careers site');
    indeed = await createJobBoard(t, 'INDEED', 'Indeed US');
    requisition = await createRequisition(t);
    [careerPosting, indeedPosting] = await publishRequisition(t, requisition.id, [career.id, indeed.id]);
  });
  afterAll(() => t.close());

  const careerUrl = (posting = careerPosting) => `/v1/boards/${career.slug}/jobs/${posting}/applications`;
  const form = (fields: Record<string, string> = {}, file: [Buffer, string] | null = [PDF, 'grace.pdf']) => {
    let call = t.http.post(careerUrl());
    const all: Record<string, string> = {
      fullName: 'Grace Hopper',
      email: `grace.${unique()}@example.com`,
      phone: '+1 415 555 0100',
      links: JSON.stringify([{ kind: 'GITHUB', url: 'https://github.com/grace' }]),
      answers: JSON.stringify([{ question: 'Frameworks?', answer: 'Keras and Spark' }]),
      consent: 'true',
      ...fields,
    };
    for (const [name, value] of Object.entries(all)) call = call.field(name, value);
    if (file) call = call.attach('resume', file[0], file[1]);
    return { call, email: all.email };
  };

  describe('career page, multipart', () => {
    it('takes the form and its resume, stores the resume and shows it on GraphQL, downloadable', async () => {
      const { call, email } = form();
      const response = await call;
      expect(response.status).toBe(201);
      const applicationId = databaseId(response.body.applicationId);
      const [resume] = await t.sql(
        `SELECT r.*, c.email FROM resume r JOIN candidate c ON c.id = r.candidate_id WHERE r.application_id = $1`,
        [applicationId],
      );
      expect(resume).toMatchObject({
        email,
        file_name: 'grace.pdf',
        content_type: 'application/pdf',
        byte_size: PDF.length,
        sha256: sha256(PDF),
        text: null,
      });
      expect(Buffer.compare(resume.content, PDF)).toBe(0);
      // The delivery keeps the form as its JSON equivalent, the resume in base64, and the posting it was for.
      const [delivery] = await t.sql(
        `SELECT content_type, raw_body, posting_id FROM inbound_delivery WHERE application_id = $1`,
        [applicationId],
      );
      expect(delivery.content_type).toMatch(/^multipart\/form-data; boundary=/);
      expect(delivery.posting_id).toBe(careerPosting);
      const stored = JSON.parse(delivery.raw_body.toString('utf8'));
      expect(stored).toMatchObject({
        fullName: 'Grace Hopper',
        consent: true,
        links: [{ kind: 'GITHUB', url: 'https://github.com/grace' }],
        resume: { fileName: 'grace.pdf', data: PDF.toString('base64') },
      });
      // Skills in the answers, links parsed from the form.
      const [candidate] = await t.sql(`SELECT id, links FROM candidate WHERE email = $1`, [email]);
      expect(candidate.links).toEqual([{ kind: 'GITHUB', url: 'https://github.com/grace' }]);

      const query = `query($id: ID!) { candidate(id: $id) {
        resumes { id fileName contentType byteSize sha256 applicationId createdAt downloadUrl text }
        applications(first: 5) { edges { node { id resume { id fileName } } } } } }`;
      const candidateId = Buffer.from(`Candidate:${candidate.id}`).toString('base64url');
      const data = await t.ok<any>(query, { id: candidateId });
      const [shown] = data.candidate.resumes;
      expect(shown).toMatchObject({
        fileName: 'grace.pdf',
        contentType: 'application/pdf',
        byteSize: PDF.length,
        sha256: sha256(PDF),
        applicationId: response.body.applicationId,
        text: null,
        downloadUrl: expect.stringMatching(/\/v1\/resumes\/[A-Za-z0-9_-]+$/),
      });
      expect(data.candidate.applications.edges[0].node.resume).toEqual({
        id: shown.id,
        fileName: 'grace.pdf',
      });

      const path = new URL(shown.downloadUrl).pathname;
      const download = await request(t.app.getHttpServer())
        .get(path)
        .set('authorization', `Bearer ${t.adminToken}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
      expect(download.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="grace.pdf"; filename*=UTF-8''grace.pdf`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
      // No credentials: 401. An interviewer outside the hiring team cannot know it exists: 404.
      expect((await t.http.get(path)).status).toBe(401);
      const interviewer = await t.userWithRole('INTERVIEWER');
      const hidden = await t.http.get(path).set('authorization', `Bearer ${interviewer.token}`);
      expect(hidden.status).toBe(404);
      expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/);
      const unknown = await t.http
        .get(
          `/v1/resumes/${Buffer.from('Resume:00000000-0000-4000-8000-000000000000').toString('base64url')}`,
        )
        .set('authorization', `Bearer ${t.adminToken}`);
      expect(unknown.status).toBe(404);
    });

    it('reads the text of a plain-text resume with its job, and adds the skills in it', async () => {
      const { call, email } = form({ answers: '[]' }, [TXT, 'cv.txt']);
      const response = await call;
      expect(response.status).toBe(201);
      const [stored] = await t.sql(`SELECT id, status, text FROM resume WHERE application_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      // Stored PENDING; the resumes.extract job enqueued with it reads it (run here as the worker would).
      expect(stored).toMatchObject({ status: 'PENDING', text: null });
      await t.app.get(ResumesService).extract(stored.id);
      const [resume] = await t.sql(`SELECT content_type, status, text FROM resume WHERE id = $1`, [
        stored.id,
      ]);
      expect(resume).toEqual({
        content_type: 'text/plain; charset=utf-8',
        status: 'PARSED',
        text: TXT.toString('utf8').trim(),
      });
      const skills = await t.sql(
        `SELECT s.name FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id JOIN candidate c
           ON c.id = cs.candidate_id WHERE c.email = $1 ORDER BY cs.position`,
        [email],
      );
      expect(skills.map((s) => s.name)).toEqual(['PyTorch', 'JAX', 'Kubernetes']);
      const [candidate] = await t.sql(`SELECT id FROM candidate WHERE email = $1`, [email]);
      const data = await t.ok<any>(`query($id: ID!) { candidate(id: $id) { resumes { text } } }`, {
        id: Buffer.from(`Candidate:${candidate.id}`).toString('base64url'),
      });
      expect(data.candidate.resumes).toEqual([{ text: TXT.toString('utf8').trim() }]);
    });

    it.each<[string, Buffer, string]>([
      ['doc', DOC, 'cv.doc'],
      ['docx', DOCX, 'cv.DOCX'],
      ['rtf', RTF, 'cv.rtf'],
    ])('accepts a %s resume', async (_kind, bytes, name) => {
      expect((await form({}, [bytes, name]).call).status).toBe(201);
    });

    it('takes a form without a resume', async () => {
      const response = await form({}, null).call;
      expect(response.status).toBe(201);
      const rows = await t.sql(`SELECT 1 FROM resume WHERE application_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      expect(rows).toHaveLength(0);
    });

    it.each<[string, () => request.Test, number]>([
      ['an .exe', () => form({}, [Buffer.from('MZ\u0090\u0000'), 'cv.exe']).call, 422],
      ['no extension', () => form({}, [PDF, 'resume']).call, 422],
      ['a .pdf that is a Word file', () => form({}, [DOC, 'cv.pdf']).call, 422],
      ['a .docx that is a PDF', () => form({}, [PDF, 'cv.docx']).call, 422],
      ['a .doc that is text', () => form({}, [TXT, 'cv.doc']).call, 422],
      ['a .rtf that is text', () => form({}, [TXT, 'cv.rtf']).call, 422],
      [
        'a .txt that is not UTF-8',
        () => form({}, [Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'cv.txt']).call,
        422,
      ],
      ['a .txt with binary', () => form({}, [Buffer.from('abc\u0000def'), 'cv.txt']).call, 422],
      ['an empty file', () => form({}, [Buffer.alloc(0), 'cv.pdf']).call, 422],
      [
        'a resume over 5 MB',
        () => form({}, [Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), 'big.pdf']).call,
        413,
      ],
      ['two files', () => form({}, [PDF, 'a.pdf']).call.attach('resume', PDF, 'b.pdf'), 400],
      ['a file under another name', () => form({}, null).call.attach('photo', PDF, 'me.pdf'), 400],
      ['links that are not JSON', () => form({ links: 'github.com/grace' }).call, 400],
      ['answers that are not a list', () => form({ answers: '{"a":1}' }).call, 400],
      ['consent "yes"', () => form({ consent: 'yes' }).call, 400],
      ['consent "false"', () => form({ consent: 'false' }).call, 400],
      ['an unknown field', () => form({ salary: '1' }).call, 400],
      ['a malformed e-mail', () => form({ email: 'nope' }).call, 400],
      ['a field over 1 MB', () => form({ fullName: 'x'.repeat(1024 * 1024 + 10) }).call, 413],
      [
        'a truncated body',
        () =>
          t.http
            .post(careerUrl())
            .set('content-type', 'multipart/form-data; boundary=XyZ')
            .send('--XyZ\r\nContent-Disposition: form-data; name="fullName"\r\n\r\nGrace'),
        400,
      ],
    ])('refuses %s, writing nothing', async (_case, send, status) => {
      const before = await counts(t);
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.status).toBe(status);
      expect(await counts(t)).toEqual(before);
    });

    it('answers a retried form with the same Idempotency-Key (another boundary) with the first answer', async () => {
      const key = `form-${unique()}`;
      const email = `ada.${unique()}@example.com`;
      const first = await form({ email }).call.set('idempotency-key', key);
      expect(first.status).toBe(201);
      const before = await counts(t);
      const again = await form({ email }).call.set('idempotency-key', key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await counts(t)).toEqual(before);
      const other = await form({ email }, [TXT, 'cv.txt']).call.set('idempotency-key', key);
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('10 identical forms at once (one Idempotency-Key) make one candidate, one application, one resume', async () => {
      const key = `burst-${unique()}`;
      const email = `burst.${unique()}@example.com`;
      const before = await counts(t);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => form({ email }, [PDF, 'cv.pdf']).call.set('idempotency-key', key)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => r.body.applicationId)).size).toBe(1);
      expect(await counts(t)).toMatchObject({
        candidates: before.candidates + 1,
        applications: before.applications + 1,
        deliveries: before.deliveries + 1,
        resumes: before.resumes + 1,
      });
    });

    it('takes a resume inside the JSON format too, base64-encoded', async () => {
      const response = await t.http.post(careerUrl()).send({
        fullName: 'Ada Lovelace',
        email: `ada.${unique()}@example.com`,
        consent: true,
        resume: { fileName: 'ada.rtf', data: RTF.toString('base64') },
      });
      expect(response.status).toBe(201);
      const [resume] = await t.sql(`SELECT content_type, byte_size FROM resume WHERE application_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      expect(resume).toEqual({ content_type: 'application/rtf', byte_size: RTF.length });
      const before = await counts(t);
      const bad = await t.http.post(careerUrl()).send({
        fullName: 'Ada Lovelace',
        email: `ada.${unique()}@example.com`,
        consent: true,
        resume: { fileName: 'ada.pdf', data: '%%%' },
      });
      expect(bad.status).toBe(422);
      expect(await counts(t)).toEqual(before);
    });

    it('refuses multipart bodies on routes that take none (415)', async () => {
      const body = t.http
        .post(`/v1/integrations/indeed/${indeed.slug}/applications`)
        .field('id', 'x')
        .attach('resume', PDF, 'cv.pdf');
      const response = await body;
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const token = await t.http.post('/v1/auth/token').field('email', 'a@example.com');
      expect(token.status).toBe(415);
    });
  });

  describe('reprocessing a career-page delivery', () => {
    const reprocess = (deliveryId: string) =>
      t.gql<any>(
        `mutation($input: ReprocessInboundDeliveryInput!) { reprocessInboundDelivery(input: $input) {
          inboundDelivery { source responseStatus applicationId error } userErrors { code message } } }`,
        { input: { id: Buffer.from(`InboundDelivery:${deliveryId}`).toString('base64url') } },
      );

    it('applies a delivery refused while its posting was down, with its resume, once it is published again', async () => {
      const other = await createRequisition(t);
      const [posting] = await publishRequisition(t, other.id, [career.id]);
      await t.ok<any>(
        `mutation($input: UnpublishRequisitionInput!) { unpublishRequisition(input: $input) { userErrors { code } } }`,
        { input: { requisitionId: other.id, boardIds: [career.id] } },
      );
      const key = `reprocess-${unique()}`;
      const email = `linus.${unique()}@example.com`;
      let call = t.http.post(careerUrl(posting)).set('idempotency-key', key);
      for (const [name, value] of Object.entries({ fullName: 'Linus', email, consent: 'true' })) {
        call = call.field(name, value);
      }
      const refused = await call.attach('resume', TXT, 'linus.txt');
      expect(refused.status).toBe(410);
      const [row] = await t.sql(`SELECT id, posting_id FROM inbound_delivery WHERE external_id = $1`, [key]);
      expect(row.posting_id).toBe(posting);

      // Still down: the refusal holds and nothing is created.
      const before = await counts(t);
      const still = await reprocess(row.id);
      expect(still.data.reprocessInboundDelivery.inboundDelivery).toMatchObject({ responseStatus: 410 });
      expect(await counts(t)).toEqual(before);

      await publishRequisition(t, other.id, [career.id]);
      const result = await reprocess(row.id);
      expect(result.data.reprocessInboundDelivery.inboundDelivery).toMatchObject({
        source: 'CAREER_PAGE',
        responseStatus: 201,
        applicationId: expect.any(String),
        error: null,
      });
      const applicationId = result.data.reprocessInboundDelivery.inboundDelivery.applicationId;
      const [resume] = await t.sql(
        `SELECT r.file_name, r.text, r.inbound_delivery_id, c.email FROM resume r
         JOIN candidate c ON c.id = r.candidate_id WHERE r.application_id = $1`,
        [databaseId(applicationId)],
      );
      expect(resume).toEqual({
        file_name: 'linus.txt',
        text: null,
        inbound_delivery_id: row.id,
        email,
      });
      // Reprocessing again changes nothing; the page's retry gets the new answer.
      const after = await counts(t);
      await reprocess(row.id);
      expect(await counts(t)).toEqual(after);
      let retry = t.http.post(careerUrl(posting)).set('idempotency-key', key);
      for (const [name, value] of Object.entries({ fullName: 'Linus', email, consent: 'true' })) {
        retry = retry.field(name, value);
      }
      const retried = await retry.attach('resume', TXT, 'linus.txt');
      expect(retried.status).toBe(201);
      expect(retried.body.applicationId).toBe(applicationId);
    });

    it('reprocesses a JSON career-page delivery that failed for a posting of the board', async () => {
      const other = await createRequisition(t);
      const [posting] = await publishRequisition(t, other.id, [career.id]);
      await t.ok<any>(
        `mutation($input: UnpublishRequisitionInput!) { unpublishRequisition(input: $input) { userErrors { code } } }`,
        { input: { requisitionId: other.id, boardIds: [career.id] } },
      );
      const email = `json.${unique()}@example.com`;
      const refused = await t.http.post(careerUrl(posting)).send({ fullName: 'J Son', email, consent: true });
      expect(refused.status).toBe(410);
      const [row] = await t.sql(
        `SELECT id FROM inbound_delivery WHERE source = 'CAREER_PAGE' AND posting_id = $1 ORDER BY received_at DESC LIMIT 1`,
        [posting],
      );
      await publishRequisition(t, other.id, [career.id]);
      const result = await reprocess(row.id);
      expect(result.data.reprocessInboundDelivery.inboundDelivery.responseStatus).toBe(201);
      const [application] = await t.sql(
        `SELECT a.source_kind FROM application a JOIN candidate c ON c.id = a.candidate_id
         WHERE c.email = $1 AND a.requisition_id = $2`,
        [email, databaseId(other.id)],
      );
      expect(application).toEqual({ source_kind: 'CAREER_PAGE' });
    });
  });

  describe('Indeed: resumes and the 120-day rule', () => {
    const payload = (
      email: string,
      resume: { data: Buffer; contentType: string; fileName: string } | null,
    ) => ({
      id: `indeed-${unique()}`,
      job: { jobId: indeedPosting },
      applicant: {
        fullName: 'Yann Example',
        email,
        ...(resume
          ? {
              resume: {
                file: {
                  fileName: resume.fileName,
                  contentType: resume.contentType,
                  data: resume.data.toString('base64'),
                },
              },
            }
          : {}),
      },
    });
    const post = (body: unknown) => {
      const text = JSON.stringify(body);
      return t.http
        .post(`/v1/integrations/indeed/${indeed.slug}/applications`)
        .set('content-type', 'application/json')
        .set('x-indeed-signature', signIndeed(indeed.secret, text))
        .send(text);
    };
    /** Makes the accepted Indeed deliveries of an application look `days` old. */
    const age = (applicationId: string, days: number) =>
      t.sql(
        `UPDATE inbound_delivery SET received_at = now() - make_interval(days => $2) WHERE application_id = $1`,
        [applicationId, days],
      );

    it('stores the Indeed resume as a record', async () => {
      const email = `yann.${unique()}@example.com`;
      const response = await post(
        payload(email, { data: PDF, contentType: 'application/pdf', fileName: 'yann.pdf' }),
      );
      expect(response.status).toBe(200);
      const [resume] = await t.sql(
        `SELECT file_name, content_type, byte_size, sha256, text FROM resume WHERE application_id = $1`,
        [databaseId(response.body.applicationId)],
      );
      expect(resume).toEqual({
        file_name: 'yann.pdf',
        content_type: 'application/pdf',
        byte_size: PDF.length,
        sha256: sha256(PDF),
        text: null,
      });
    });

    it('refuses (422) an Indeed resume whose content is not its declared type, storing nothing but the delivery', async () => {
      const before = await counts(t);
      const response = await post(
        payload(`yann.${unique()}@example.com`, {
          data: TXT,
          contentType: 'application/pdf',
          fileName: 'cv.pdf',
        }),
      );
      expect(response.status).toBe(422);
      expect(await counts(t)).toEqual({ ...before, deliveries: before.deliveries + 1 });
    });

    it('answers 409 within 120 days of an earlier Indeed application, and accepts one after', async () => {
      const email = `window.${unique()}@example.com`;
      const first = await post(payload(email, null));
      expect(first.status).toBe(200);
      const applicationId = databaseId(first.body.applicationId);
      await age(applicationId, 119);
      const within = await post(payload(email, null));
      expect(within.status).toBe(409);
      expect(within.body.code).toBe('DUPLICATE_APPLICATION');

      await age(applicationId, 121);
      const before = await counts(t);
      const later = await post(payload(email, { data: TXT, contentType: 'text/plain', fileName: 'new.txt' }));
      expect(later.status).toBe(200);
      // The application is still ACTIVE: it is the one answered with, and the new resume is added to it.
      expect(later.body.applicationId).toBe(first.body.applicationId);
      const after = await counts(t);
      expect(after).toMatchObject({
        applications: before.applications,
        candidates: before.candidates,
        resumes: before.resumes + 1,
      });
      const [row] = await t.sql(`SELECT status FROM application WHERE id = $1`, [applicationId]);
      expect(row.status).toBe('ACTIVE');
      // That acceptance starts a new window.
      expect((await post(payload(email, null))).status).toBe(409);
    });

    it('makes a closed application active again, in the first stage, after 120 days', async () => {
      const email = `closed.${unique()}@example.com`;
      const first = await post(payload(email, null));
      const applicationId = databaseId(first.body.applicationId);
      await t.ok<any>(
        `mutation($input: RejectApplicationInput!) { rejectApplication(input: $input) { userErrors { code } } }`,
        { input: { id: first.body.applicationId, reason: 'Not now' } },
      );
      await t.sql(`UPDATE application SET applied_at = now() - interval '200 days' WHERE id = $1`, [
        applicationId,
      ]);
      await age(applicationId, 200);
      const again = await post(payload(email, null));
      expect(again.status).toBe(200);
      expect(again.body.applicationId).toBe(first.body.applicationId);
      const [application] = await t.sql(
        `SELECT a.status, a.rejection_reason, s.position, a.applied_at > now() - interval '1 minute' AS fresh
         FROM application a JOIN pipeline_stage s ON s.id = a.stage_id WHERE a.id = $1`,
        [applicationId],
      );
      expect(application).toEqual({ status: 'ACTIVE', rejection_reason: null, position: 0, fresh: true });
      const [transition] = await t.sql(
        `SELECT from_status, to_status, reason FROM stage_transition WHERE application_id = $1
         ORDER BY sequence DESC LIMIT 1`,
        [applicationId],
      );
      expect(transition).toEqual({
        from_status: 'REJECTED',
        to_status: 'ACTIVE',
        reason: 'Applied again through Indeed US',
      });
      const events = await t.sql(`SELECT type FROM event WHERE aggregate_id = $1 ORDER BY sequence`, [
        applicationId,
      ]);
      expect(events.map((e) => e.type)).toEqual([
        'application.created',
        'application.status_changed',
        'application.status_changed',
      ]);
    });

    it('still answers 409 after 120 days when the candidate was hired for the job', async () => {
      const job = await createRequisition(t, { headcount: 3 });
      const [posting] = await publishRequisition(t, job.id, [indeed.id]);
      const email = `hired.${unique()}@example.com`;
      const first = await post({ ...payload(email, null), job: { jobId: posting } });
      expect(first.status).toBe(200);
      const hired = await moveApplication(t, {
        id: first.body.applicationId,
        stageId: job.stages.find((stage) => stage.name === 'Hired')!.id,
      });
      expect(hired.userErrors).toEqual([]);
      await age(databaseId(first.body.applicationId), 200);
      const again = await post({ ...payload(email, null), job: { jobId: posting } });
      expect(again.status).toBe(409);
    });

    it('accepts an Indeed application when the same e-mail applied to the job another way', async () => {
      const email = `other-way.${unique()}@example.com`;
      const viaPage = await t.http.post(careerUrl()).send({ fullName: 'Page First', email, consent: true });
      expect(viaPage.status).toBe(201);
      const before = await counts(t);
      const viaIndeed = await post(payload(email, null));
      expect(viaIndeed.status).toBe(200);
      expect(viaIndeed.body.applicationId).toBe(viaPage.body.applicationId);
      expect((await counts(t)).applications).toBe(before.applications);
      // The career page keeps its stricter rule.
      expect((await t.http.post(careerUrl()).send({ fullName: 'Again', email, consent: true })).status).toBe(
        409,
      );
    });
  });

  describe('body limits', () => {
    it('takes Indeed bodies up to 8 MiB (a 5 MB resume in base64), refuses larger ones with 413', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 - PDF.length - 10, 0x41)]);
      const body = JSON.stringify({
        id: `indeed-${unique()}`,
        job: { jobId: indeedPosting },
        applicant: {
          fullName: 'Big Resume',
          email: `big.${unique()}@example.com`,
          resume: {
            file: { fileName: 'big.pdf', contentType: 'application/pdf', data: big.toString('base64') },
          },
        },
      });
      expect(body.length).toBeGreaterThan(6 * 1024 * 1024);
      const accepted = await t.http
        .post(`/v1/integrations/indeed/${indeed.slug}/applications`)
        .set('content-type', 'application/json')
        .set('x-indeed-signature', signIndeed(indeed.secret, body))
        .send(body);
      expect(accepted.status).toBe(200);
      const [resume] = await t.sql(`SELECT byte_size FROM resume WHERE application_id = $1`, [
        databaseId(accepted.body.applicationId),
      ]);
      expect(resume.byte_size).toBe(big.length);

      const huge = JSON.stringify({ id: 'x', padding: 'x'.repeat(8 * 1024 * 1024) });
      const refused = await t.http
        .post(`/v1/integrations/indeed/${indeed.slug}/applications`)
        .set('content-type', 'application/json')
        .send(huge);
      expect(refused.status).toBe(413);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('takes career-page JSON up to 8 MiB; every other route keeps the 1 MB default', async () => {
      const over = await t.http
        .post(careerUrl())
        .set('content-type', 'application/json')
        .send(JSON.stringify({ fullName: 'x'.repeat(8 * 1024 * 1024) }));
      expect(over.status).toBe(413);
      expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
      // 1.1 MB is past the default on the Standard Webhooks route and on GraphQL.
      const padding = 'x'.repeat(1_100_000);
      const board = await t.http
        .post(`/v1/integrations/job-boards/${career.slug}/applications`)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ padding }));
      expect(board.status).toBe(413);
      const graphql = await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ query: `{ __typename }`, padding }));
      expect(graphql.status).toBe(413);
      // Under the career-page limit, a large body is read (and here refused as bad input, not as too large).
      const read = await t.http
        .post(careerUrl())
        .set('content-type', 'application/json')
        .send(JSON.stringify({ fullName: 'x'.repeat(2 * 1024 * 1024) }));
      expect(read.status).toBe(400);
    });
  });
});
