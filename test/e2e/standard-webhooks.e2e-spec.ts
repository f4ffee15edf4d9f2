import { Webhook } from 'standardwebhooks';
import {
  changeRequisitionStatus,
  createCandidate,
  createRequisition,
  databaseId,
  unique,
} from '../factories';
import { createJobBoard, inboundCounts, publishRequisition } from '../factories/job-boards';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * `POST /v1/integrations/job-boards/:slug/applications`: signed with the independent `standardwebhooks` package,
 * so our verification is checked against a real implementation of the spec.
 */
describe('Standard Webhooks applications', () => {
  let t: TestApp;
  let board: { id: string; slug: string; name: string; secret: string };
  let posting: string;

  const url = () => `/v1/integrations/job-boards/${board.slug}/applications`;
  const payload = (overrides: Record<string, unknown> = {}) => ({
    postingId: posting,
    fullName: 'Fei-Fei Example',
    email: `fei.${unique()}@example.com`,
    phone: '+1 650 555 0100',
    links: [{ kind: 'GITHUB', url: 'https://github.com/fei' }],
    answers: [{ question: 'Which frameworks do you use?', answer: 'PyTorch, JAX and k8s' }],
    consent: true,
    ...overrides,
  });

  interface Signed {
    id: string;
    timestamp: Date;
    signature: string;
  }
  const signWith = (
    secret: string,
    body: string,
    id = `msg_${unique()}`,
    timestamp = new Date(),
  ): Signed => ({
    id,
    timestamp,
    signature: new Webhook(secret).sign(id, timestamp, body),
  });
  const post = (
    body: string,
    signed: Partial<Signed> | null = signWith(board.secret, body),
    type = 'application/json',
  ) => {
    let call = t.http.post(url()).set('content-type', type);
    if (signed?.id !== undefined) call = call.set('webhook-id', signed.id);
    if (signed?.timestamp !== undefined) {
      call = call.set('webhook-timestamp', String(Math.floor(signed.timestamp.getTime() / 1000)));
    }
    if (signed?.signature !== undefined) call = call.set('webhook-signature', signed.signature);
    return call.send(body);
  };
  const lastDelivery = async () =>
    (
      await t.sql(
        `SELECT source, external_id, signature_valid, response_status, application_id, raw_body
         FROM inbound_delivery ORDER BY received_at DESC LIMIT 1`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    board = await createJobBoard(t, 'GENERIC', 'Other board');
    const requisition = await createRequisition(t);
    [posting] = await publishRequisition(t, requisition.id, [board.id]);
  });
  afterAll(() => t.close());

  it('stores a resume sent in base64, and answers 422 for one whose content is not its type', async () => {
    const resume = Buffer.from('{\\rtf1\\ansi Fei-Fei}');
    const body = JSON.stringify(
      payload({ resume: { fileName: 'fei.rtf', data: resume.toString('base64') } }),
    );
    const response = await post(body);
    expect(response.status).toBe(200);
    const [row] = await t.sql(
      `SELECT file_name, content_type, byte_size FROM resume WHERE application_id = $1`,
      [databaseId(response.body.applicationId)],
    );
    expect(row).toEqual({ file_name: 'fei.rtf', content_type: 'application/rtf', byte_size: resume.length });
    const before = await inboundCounts(t);
    const bad = JSON.stringify(payload({ resume: { fileName: 'fei.pdf', data: resume.toString('base64') } }));
    const refused = await post(bad);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await inboundCounts(t)).toEqual({ ...before, deliveries: before.deliveries + 1 });
  });

  it('accepts a signed application (200), as JOB_BOARD from the board, storing the delivery as received', async () => {
    const body = JSON.stringify(payload());
    const signed = signWith(board.secret, body);
    const response = await post(body, signed);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'accepted', applicationId: expect.any(String) });
    const [row] = await t.sql(
      `SELECT d.source, d.signature_valid, d.raw_body, d.external_id, d.response_status, a.source_kind, a.source_detail,
              s.position
       FROM inbound_delivery d JOIN application a ON a.id = d.application_id
       JOIN pipeline_stage s ON s.id = a.stage_id WHERE d.application_id = $1`,
      [databaseId(response.body.applicationId)],
    );
    expect(row).toMatchObject({
      source: 'STANDARD_WEBHOOKS',
      signature_valid: true,
      external_id: signed.id,
      response_status: 200,
      source_kind: 'JOB_BOARD',
      source_detail: 'Other board',
      position: 0,
    });
    expect(row.raw_body.toString('utf8')).toBe(body);
    const events = await t.sql(`SELECT type FROM event WHERE aggregate_id = $1`, [
      databaseId(response.body.applicationId),
    ]);
    expect(events.map((e) => e.type)).toContain('application.created');
  });

  it('accepts one valid signature among several (key rotation on the sender side)', async () => {
    const body = JSON.stringify(payload());
    const signed = signWith(board.secret, body);
    const other = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).sign(
      signed.id,
      signed.timestamp,
      body,
    );
    const response = await post(body, {
      ...signed,
      signature: `v1a,c29tZXRoaW5n ${other} ${signed.signature}`,
    });
    expect(response.status).toBe(200);
  });

  it('answers a redelivery of the same webhook-id like the first time and creates nothing', async () => {
    const body = JSON.stringify(payload());
    const signed = signWith(board.secret, body);
    const first = await post(body, signed);
    expect(first.status).toBe(200);
    const before = await inboundCounts(t);
    // Redelivered later, re-signed with a new timestamp, as a sender's retry is.
    const retry = await post(body, signWith(board.secret, body, signed.id, new Date(Date.now() + 1000)));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // A byte-for-byte replay within the tolerance is answered the same way.
    const replay = await post(body, signed);
    expect(replay.body).toEqual(first.body);
    expect(await inboundCounts(t)).toEqual(before);
  });

  it('10 identical deliveries at once make one candidate and one application, with one answer', async () => {
    const p = payload();
    const body = JSON.stringify(p);
    const signed = signWith(board.secret, body);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(body, signed)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.body.applicationId)).size).toBe(1);
    const [n] = await t.sql(
      `SELECT (SELECT count(*)::int FROM candidate WHERE lower(email) = lower($1)) AS candidates,
              (SELECT count(*)::int FROM application a JOIN candidate c ON c.id = a.candidate_id WHERE lower(c.email) = lower($1)) AS applications,
              (SELECT count(*)::int FROM inbound_delivery WHERE external_id = $2) AS deliveries`,
      [p.email, signed.id],
    );
    expect(n).toEqual({ candidates: 1, applications: 1, deliveries: 1 });
  });

  it.each<[string, () => [string, Partial<Signed> | null]]>([
    ['no signature headers', () => [JSON.stringify(payload()), null]],
    [
      'no webhook-signature',
      () => {
        const body = JSON.stringify(payload());
        return [body, { ...signWith(board.secret, body), signature: undefined }];
      },
    ],
    [
      'no webhook-id',
      () => {
        const body = JSON.stringify(payload());
        return [body, { ...signWith(board.secret, body), id: undefined }];
      },
    ],
    [
      'a signature with another secret',
      () => {
        const body = JSON.stringify(payload());
        return [body, signWith(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, body)];
      },
    ],
    [
      'a tampered body',
      () => {
        const body = JSON.stringify(payload());
        return [body.replace('Fei-Fei', 'Mallory'), signWith(board.secret, body)];
      },
    ],
    [
      'a signature made for another webhook-id',
      () => {
        const body = JSON.stringify(payload());
        return [body, { ...signWith(board.secret, body), id: `msg_${unique()}` }];
      },
    ],
    [
      'a stale timestamp (6 minutes old)',
      () => {
        const body = JSON.stringify(payload());
        return [body, signWith(board.secret, body, undefined, new Date(Date.now() - 6 * 60_000))];
      },
    ],
    [
      'a timestamp 6 minutes in the future',
      () => {
        const body = JSON.stringify(payload());
        return [body, signWith(board.secret, body, undefined, new Date(Date.now() + 6 * 60_000))];
      },
    ],
    [
      'a signature that is not base64',
      () => {
        const body = JSON.stringify(payload());
        return [body, { ...signWith(board.secret, body), signature: 'v1,!!!' }];
      },
    ],
    [
      'a signature of another version only',
      () => {
        const body = JSON.stringify(payload());
        return [
          body,
          {
            ...signWith(board.secret, body),
            signature: signWith(board.secret, body).signature.replace('v1,', 'v2,'),
          },
        ];
      },
    ],
    ['an unsigned body that is not even JSON', () => ['{nope', null]],
  ])('answers 401 for %s, storing the refusal and creating nothing else', async (_case, make) => {
    const [body, signed] = make();
    const before = await inboundCounts(t);
    const response = await post(body, signed);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await inboundCounts(t)).toEqual({ ...before, deliveries: before.deliveries + 1 });
    expect(await lastDelivery()).toMatchObject({
      source: 'STANDARD_WEBHOOKS',
      external_id: null,
      signature_valid: false,
      response_status: 401,
      application_id: null,
    });
  });

  it('a stale replay of an accepted delivery is refused (401), not answered', async () => {
    const body = JSON.stringify(payload());
    const old = signWith(board.secret, body, undefined, new Date(Date.now() - 10 * 60_000));
    expect((await post(body, old)).status).toBe(401);
  });

  it.each<[string, () => string, number]>([
    ['invalid JSON', () => '{"fullName": ', 400],
    ['a JSON array', () => JSON.stringify([payload()]), 400],
    ['a missing postingId', () => JSON.stringify({ ...payload(), postingId: undefined }), 400],
    ['a malformed e-mail', () => JSON.stringify(payload({ email: 'nope' })), 400],
    ['an unknown field', () => JSON.stringify(payload({ salary: 1 })), 400],
    ['a NUL character', () => JSON.stringify(payload({ fullName: 'Fei\u0000' })), 400],
    ['no consent at all', () => JSON.stringify({ ...payload(), consent: undefined }), 400],
    [
      'an unknown posting',
      () => JSON.stringify(payload({ postingId: '00000000-0000-4000-8000-000000000000' })),
      404,
    ],
    ['a posting id that is not one', () => JSON.stringify(payload({ postingId: 'nope' })), 404],
    ['consent refused', () => JSON.stringify(payload({ consent: false })), 422],
    [
      'a retention date in the past',
      () => JSON.stringify(payload({ retainUntil: '2020-01-01T00:00:00Z' })),
      422,
    ],
  ])(
    'answers %s with the right status, storing the delivery and creating nothing else',
    async (_case, make, status) => {
      const before = await inboundCounts(t);
      const response = await post(make());
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const after = await inboundCounts(t);
      expect(after).toMatchObject({
        candidates: before.candidates,
        applications: before.applications,
        deliveries: before.deliveries + 1,
      });
      expect(await lastDelivery()).toMatchObject({
        signature_valid: true,
        response_status: status,
        application_id: null,
      });
    },
  );

  it('answers 400 for a signed webhook-id that is not 1 to 200 printable ASCII characters', async () => {
    const before = await inboundCounts(t);
    for (const id of ['msg with spaces', `msg_${'x'.repeat(200)}`]) {
      const body = JSON.stringify(payload());
      expect((await post(body, signWith(board.secret, body, id))).status).toBe(400);
    }
    expect(await inboundCounts(t)).toMatchObject({
      applications: before.applications,
      deliveries: before.deliveries + 2,
    });
  });

  it('answers 404 for an unknown board and for a posting of another board', async () => {
    const body = JSON.stringify(payload());
    const response = await t.http
      .post('/v1/integrations/job-boards/no-such-board/applications')
      .set('content-type', 'application/json')
      .send(body);
    expect(response.status).toBe(404);
    const other = await createJobBoard(t, 'GENERIC', 'Another board');
    const requisition = await createRequisition(t);
    const [elsewhere] = await publishRequisition(t, requisition.id, [other.id]);
    expect((await post(JSON.stringify(payload({ postingId: elsewhere })))).status).toBe(404);
  });

  it('answers 410 for a closed posting, and its redelivery too, creating nothing', async () => {
    const requisition = await createRequisition(t);
    const [closed] = await publishRequisition(t, requisition.id, [board.id]);
    await changeRequisitionStatus(t, 'close', { id: requisition.id });
    const before = await inboundCounts(t);
    const body = JSON.stringify(payload({ postingId: closed }));
    const signed = signWith(board.secret, body);
    const response = await post(body, signed);
    expect(response.status).toBe(410);
    expect((await post(body, signWith(board.secret, body, signed.id))).status).toBe(410);
    expect(await inboundCounts(t)).toMatchObject({
      candidates: before.candidates,
      applications: before.applications,
      deliveries: before.deliveries + 1,
    });
  });

  it('answers 409 when the same e-mail already applied to the job', async () => {
    const first = payload();
    expect((await post(JSON.stringify(first))).status).toBe(200);
    const response = await post(JSON.stringify(payload({ email: first.email.toUpperCase() })));
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('DUPLICATE_APPLICATION');
  });

  it('answers 413 for an oversized body and 415 for another content type, writing nothing', async () => {
    const before = await inboundCounts(t);
    const huge = JSON.stringify(payload({ padding: 'x'.repeat(1_100_000) }));
    expect((await post(huge)).status).toBe(413);
    const body = JSON.stringify(payload());
    expect((await post(body, signWith(board.secret, body), 'text/plain')).status).toBe(415);
    expect(await inboundCounts(t)).toEqual(before);
  });

  it('stops accepting the old secret once it is rotated', async () => {
    const rotated = await t.ok<any>(
      `mutation($input: JobBoardIdInput!) { rotateJobBoardSecret(input: $input) { secret userErrors { code } } }`,
      { input: { id: board.id } },
    );
    const body = JSON.stringify(payload());
    expect((await post(body, signWith(board.secret, body))).status).toBe(401);
    board.secret = rotated.rotateJobBoardSecret.secret;
    expect((await post(body, signWith(board.secret, body))).status).toBe(200);
  });

  describe('skills from the answers', () => {
    const skillsOf = async (email: string) =>
      (
        await t.sql(
          `SELECT s.name, cs.years FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id
           JOIN candidate c ON c.id = cs.candidate_id WHERE lower(c.email) = lower($1) ORDER BY cs.position`,
          [email],
        )
      ).map((r) => [r.name, r.years === null ? null : Number(r.years)]);

    it('gives a new candidate the taxonomy skills named in the answers, as whole words and aliases', async () => {
      const p = payload({
        answers: [
          { question: 'Frameworks?', answer: 'PyTorch (torch.compile), JAX and k8s' },
          { question: 'Favourite model?', answer: 'a transformer; I go hiking' },
        ],
      });
      expect((await post(JSON.stringify(p))).status).toBe(200);
      expect(await skillsOf(p.email)).toEqual([
        ['PyTorch', null],
        ['JAX', null],
        ['Kubernetes', null],
      ]);
    });

    it('adds them to an existing candidate after the skills they have, never overwriting', async () => {
      const existing = await createCandidate(t);
      const requisition = await createRequisition(t);
      const [other] = await publishRequisition(t, requisition.id, [board.id]);
      const p = payload({
        postingId: other,
        email: existing.email,
        answers: [{ question: 'Stack?', answer: 'torch, Python3, sklearn and Kubernetes' }],
      });
      expect((await post(JSON.stringify(p))).status).toBe(200);
      expect(await skillsOf(existing.email)).toEqual([
        ['Python', 5],
        ['PyTorch', 3],
        ['scikit-learn', null],
        ['Kubernetes', null],
      ]);
    });

    it('adds nothing when a refusal rolls the processing back', async () => {
      const existing = await createCandidate(t, { skills: [] });
      const requisition = await createRequisition(t);
      const [closed] = await publishRequisition(t, requisition.id, [board.id]);
      await changeRequisitionStatus(t, 'close', { id: requisition.id });
      const p = payload({ postingId: closed, email: existing.email });
      expect((await post(JSON.stringify(p))).status).toBe(410);
      expect(await skillsOf(existing.email)).toEqual([]);
    });
  });

  describe('reprocessInboundDelivery', () => {
    const mutation = `mutation($input: ReprocessInboundDeliveryInput!) { reprocessInboundDelivery(input: $input) {
      inboundDelivery { id source externalId signatureValid responseStatus applicationId error processedAt }
      userErrors { code field message } } }`;
    const reprocess = async (id: string) =>
      (await t.ok<any>(mutation, { input: { id } })).reprocessInboundDelivery;
    /** The payload of a refused reprocessing (with userErrors, which `t.ok` would fail on). */
    const refusal = async (id: string) => {
      const response = await t.gql<any>(mutation, { input: { id } });
      expect(response.errors).toBeUndefined();
      return response.data!.reprocessInboundDelivery;
    };
    const deliveryId = async (where: string, params: unknown[]) => {
      const [row] = await t.sql(
        `SELECT id FROM inbound_delivery WHERE ${where} ORDER BY received_at DESC LIMIT 1`,
        params,
      );
      return Buffer.from(`InboundDelivery:${row.id}`).toString('base64url');
    };
    const unpublish = (requisitionId: string) =>
      t.ok<any>(
        `mutation($input: UnpublishRequisitionInput!) { unpublishRequisition(input: $input) { userErrors { code } } }`,
        { input: { requisitionId, boardIds: [board.id] } },
      );

    it('re-runs a delivery refused while its posting was down, once it is back, idempotently', async () => {
      const requisition = await createRequisition(t);
      const [down] = await publishRequisition(t, requisition.id, [board.id]);
      await unpublish(requisition.id);
      const p = payload({ postingId: down });
      const body = JSON.stringify(p);
      const signed = signWith(board.secret, body);
      expect((await post(body, signed)).status).toBe(410);
      const id = await deliveryId('external_id = $1', [signed.id]);
      await publishRequisition(t, requisition.id, [board.id]);
      const before = await inboundCounts(t);
      const result = await reprocess(id);
      expect(result.userErrors).toEqual([]);
      expect(result.inboundDelivery).toMatchObject({
        id,
        source: 'STANDARD_WEBHOOKS',
        externalId: signed.id,
        responseStatus: 200,
        applicationId: expect.any(String),
        error: null,
      });
      const after = await inboundCounts(t);
      expect(after.candidates).toBe(before.candidates + 1);
      expect(after.applications).toBe(before.applications + 1);
      expect(after.deliveries).toBe(before.deliveries);
      const [audit] = await t.sql(
        `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'reprocessInboundDelivery'`,
      );
      expect(audit.n).toBeGreaterThan(0);
      // Again: nothing more is created, the same outcome is returned.
      const again = await reprocess(id);
      expect(again.inboundDelivery).toEqual(result.inboundDelivery);
      expect(await inboundCounts(t)).toMatchObject({
        candidates: after.candidates,
        applications: after.applications,
      });
      // The board's redelivery now gets the new answer.
      const redelivery = await post(body, signWith(board.secret, body, signed.id));
      expect(redelivery.status).toBe(200);
      expect(redelivery.body.applicationId).toBe(result.inboundDelivery.applicationId);
      expect((await inboundCounts(t)).applications).toBe(after.applications);
    });

    it('re-runs a delivery whose processing failed unexpectedly (500)', async () => {
      const p = payload();
      const [row] = await t.sql(
        `INSERT INTO inbound_delivery (board_id, source, signature_valid, content_type, raw_body, body_sha256, response_status,
           response_body, error, processed_at)
         VALUES ($1, 'STANDARD_WEBHOOKS', true, 'application/json', $2, 'x', 500, '{}', 'connection reset', now()) RETURNING id`,
        [databaseId(board.id), Buffer.from(JSON.stringify(p))],
      );
      const id = Buffer.from(`InboundDelivery:${row.id}`).toString('base64url');
      const result = await reprocess(id);
      expect(result.inboundDelivery).toMatchObject({
        responseStatus: 200,
        applicationId: expect.any(String),
        error: null,
      });
      const [candidate] = await t.sql(
        `SELECT count(*)::int AS n FROM candidate WHERE lower(email) = lower($1)`,
        [p.email],
      );
      expect(candidate.n).toBe(1);
    });

    it('five reprocessings at once make one application', async () => {
      const p = payload();
      const [row] = await t.sql(
        `INSERT INTO inbound_delivery (board_id, source, signature_valid, content_type, raw_body, body_sha256, response_status,
           response_body, error, processed_at)
         VALUES ($1, 'STANDARD_WEBHOOKS', true, 'application/json', $2, 'x', 500, '{}', 'timeout', now()) RETURNING id`,
        [databaseId(board.id), Buffer.from(JSON.stringify(p))],
      );
      const id = Buffer.from(`InboundDelivery:${row.id}`).toString('base64url');
      const results = await Promise.all(Array.from({ length: 5 }, () => reprocess(id)));
      expect(new Set(results.map((r) => r.inboundDelivery.applicationId)).size).toBe(1);
      const [n] = await t.sql(
        `SELECT count(*)::int AS n FROM application a JOIN candidate c ON c.id = a.candidate_id WHERE lower(c.email) = lower($1)`,
        [p.email],
      );
      expect(n.n).toBe(1);
    });

    it('keeps a refusal that still holds, updating the answer and creating nothing', async () => {
      const body = JSON.stringify(payload({ postingId: '00000000-0000-4000-8000-000000000000' }));
      const signed = signWith(board.secret, body);
      expect((await post(body, signed)).status).toBe(404);
      const before = await inboundCounts(t);
      const result = await reprocess(await deliveryId('external_id = $1', [signed.id]));
      expect(result.inboundDelivery).toMatchObject({ responseStatus: 404, applicationId: null });
      expect(await inboundCounts(t)).toMatchObject({
        candidates: before.candidates,
        applications: before.applications,
      });
    });

    it('refuses a delivery with an invalid signature, a career-page one and an unknown id', async () => {
      const body = JSON.stringify(payload());
      expect((await post(body, null)).status).toBe(401);
      const unsigned = await deliveryId(`signature_valid = false AND board_id = $1`, [databaseId(board.id)]);
      const before = await inboundCounts(t);
      const refused = await refusal(unsigned);
      expect(refused.inboundDelivery).toBeNull();
      expect(refused.userErrors).toEqual([
        { code: 'INVALID_INPUT', field: ['input', 'id'], message: expect.stringMatching(/signature/) },
      ]);
      const [row] = await t.sql(`SELECT id, board_id FROM job_posting WHERE id = $1`, [posting]);
      const [career] = await t.sql(
        `INSERT INTO inbound_delivery (board_id, source, content_type, raw_body, body_sha256, response_status, processed_at)
         VALUES ($1, 'CAREER_PAGE', 'application/json', $2, 'x', 500, now()) RETURNING id`,
        [row.board_id, Buffer.from(body)],
      );
      const careerResult = await refusal(Buffer.from(`InboundDelivery:${career.id}`).toString('base64url'));
      expect(careerResult.userErrors[0]).toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/career page/),
      });
      for (const id of [
        Buffer.from('InboundDelivery:00000000-0000-4000-8000-000000000000').toString('base64url'),
        Buffer.from('InboundDelivery:nope').toString('base64url'),
        board.id,
      ]) {
        expect((await refusal(id)).userErrors[0].code).toBe('NOT_FOUND');
      }
      expect(await inboundCounts(t)).toMatchObject({
        candidates: before.candidates,
        applications: before.applications,
      });
    });

    it('is for administrators and job_boards:manage keys only', async () => {
      const id = await deliveryId('board_id = $1 AND signature_valid', [databaseId(board.id)]);
      const key = async (scopes: string[]) =>
        (
          await t.ok<any>(
            `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
            { input: { name: `key ${unique()}`, scopes } },
          )
        ).createApiKey.secret as string;
      const recruiter = await t.userWithRole('RECRUITER');
      const manager = await t.userWithRole('HIRING_MANAGER');
      const otherKey = await key(['requisitions:write', 'candidates:write']);
      for (const credential of [recruiter.token, manager.token, otherKey]) {
        const response = await t.gqlAs(credential, mutation, { input: { id } });
        expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect((await t.gqlAs(null, mutation, { input: { id } })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      const allowed = await t.gqlAs<any>(await key(['job_boards:manage']), mutation, { input: { id } });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data.reprocessInboundDelivery.inboundDelivery.id).toBe(id);
    });
  });
});
