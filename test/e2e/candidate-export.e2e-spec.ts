import { CANDIDATE_EXPORT_KEYS } from '../../src/privacy/export/candidate-export.document';
import {
  changeApplicationStatus,
  createApplication,
  createCandidate,
  createRequisition,
  databaseId,
  makeGlobalId,
  moveApplication,
  unique,
} from '../factories';
import { createEvaluationWorld, saveScorecard, scheduleInterview, slot } from '../factories/evaluation';
import { createTestApp, TestApp, TestUser } from '../support/test-app';

const EXPORT = `query($id: ID!) { exportCandidateData(id: $id) }`;

/**
 * A candidate's data export (docs/privacy.md, "Export"): one document, fixed top-level keys, every kind of data
 * stored about the person in it (each filled here with a marker of its own), nobody else's; administrators and
 * `candidates:export` keys only.
 */
describe('candidate data export (REST and GraphQL)', () => {
  let t: TestApp;
  let recruiter: TestUser;
  let exportKey: string;
  let readKey: string;
  const tag = unique();
  const marker = (what: string) => `mk-${what}-${tag}`;
  let candidateId: string;
  let applicationId: string;
  let otherMarker: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    recruiter = await t.userWithRole('RECRUITER');
    const key = async (scopes: string[]) =>
      (
        await t.ok<{ createApiKey: { secret: string } }>(
          `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
          { input: { name: `export ${scopes.join()}`, scopes } },
        )
      ).createApiKey.secret;
    exportKey = await key(['candidates:export']);
    readKey = await key(['candidates:read', 'candidates:write']);

    const w = await createEvaluationWorld(t, 1);
    const candidate = await createCandidate(t, {
      fullName: `Ada ${marker('name')}`,
      email: `${marker('email')}@example.com`,
      phone: '+1 415 555 0199',
      headline: marker('headline'),
      tags: [marker('tag')],
      education: [{ institution: marker('school') }],
      certifications: [{ name: marker('certificate') }],
      links: [{ kind: 'GITHUB', url: `https://github.com/${marker('link')}` }],
    });
    candidateId = candidate.id;
    const application = await createApplication(t, candidateId, w.requisition.id);
    applicationId = application.id;
    const stages = await t.ok<{ requisition: { stages: { id: string }[] } }>(
      `query($id: ID!) { requisition(id: $id) { stages { id } } }`,
      { id: w.requisition.id },
    );
    const moved = await moveApplication(t, {
      id: applicationId,
      stageId: stages.requisition.stages[1].id,
      reason: marker('move'),
    });
    expect(moved.userErrors).toEqual([]);
    // A second application, rejected: its history and reason.
    const other = await createRequisition(t);
    const rejected = await createApplication(t, candidateId, other.id);
    const rejection = await changeApplicationStatus(t, 'reject', {
      id: rejected.id,
      reason: marker('rejection'),
    });
    expect(rejection.userErrors).toEqual([]);

    const scheduled = await scheduleInterview(t, {
      applicationId,
      ...slot(-3),
      interviewerIds: [w.interviewers[0].id],
      location: marker('room'),
    });
    expect(scheduled.userErrors).toEqual([]);
    const submitted = await saveScorecard(t, w.interviewers[0].token, {
      interviewId: scheduled.interview.id,
      ratings: [{ skillId: w.skills.Python, rating: 4, note: marker('rating-note') }],
      notes: marker('scorecard'),
      overallRecommendation: 'YES',
      submit: true,
    });
    expect(submitted.userErrors).toEqual([]);
    await t.ok(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code field message } } }`,
      { input: { candidateId, body: marker('candidate-note') } },
    );
    await t.ok(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code field message } } }`,
      { input: { applicationId, body: marker('application-note') } },
    );
    await t.ok(
      `mutation($input: CreateOfferInput!) { createOffer(input: $input) { offer { id } userErrors { code field message } } }`,
      {
        input: {
          applicationId,
          baseSalary: { amount: 135000, currency: 'USD', period: 'YEAR' },
          equity: marker('equity'),
          startDate: '2027-03-01',
          expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        },
      },
    );
    const upload = await t.http
      .post(`/v1/candidates/${candidateId}/resumes`)
      .set('authorization', `Bearer ${t.adminToken}`)
      .attach('resume', Buffer.from(`Ada\n${marker('resume')}\nPython\n`), {
        filename: `${marker('resume-file')}.txt`,
        contentType: 'text/plain',
      });
    expect(upload.status).toBe(201);
    await t.ok(
      `mutation($input: RecordCandidateConsentInput!) { recordCandidateConsent(input: $input) { candidate { id } userErrors { code field message } } }`,
      { input: { id: candidateId, consentGivenAt: new Date().toISOString(), source: 'EMAIL' } },
    );
    // The stored match is the worker's (not running here): written as its refresh would.
    await t.sql(
      `INSERT INTO application_match (application_id, requisition_id, candidate_id, score, level, result, inputs_hash)
       VALUES ($1, $2, $3, 71, 'GOOD', $4, 'h')`,
      [
        databaseId(applicationId),
        databaseId(w.requisition.id),
        databaseId(candidateId),
        JSON.stringify({ explanation: marker('match') }),
      ],
    );
    // Someone else, with a note of their own: never in this export.
    const stranger = await createCandidate(t);
    otherMarker = marker('stranger');
    await t.ok(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code field message } } }`,
      { input: { candidateId: stranger.id, body: otherMarker } },
    );
  }, 60_000);
  afterAll(() => t.close());

  const get = (id: string, credential: string | null = t.adminToken) => {
    const call = t.http.get(`/v1/candidates/${id}/export`);
    return credential ? call.set('authorization', `Bearer ${credential}`) : call;
  };

  it('answers one JSON attachment with the fixed top-level keys, every kind of data filled', async () => {
    const response = await get(candidateId);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="candidate-${databaseId(candidateId)}.json"`,
    );
    const document = JSON.parse(response.text) as Record<string, any>;
    expect(Object.keys(document)).toEqual([...CANDIDATE_EXPORT_KEYS]);
    expect(document.format).toBe('requisite.candidate-export.v1');
    expect(document.candidate).toMatchObject({
      id: candidateId,
      fullName: `Ada ${marker('name')}`,
      email: `${marker('email')}@example.com`,
      phone: '+1 415 555 0199',
      headline: marker('headline'),
      tags: [marker('tag')],
    });
    expect(document.skills).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Python', years: 5, source: 'PROFILE' })]),
    );
    expect(document.consent).toMatchObject({ source: 'EMAIL', givenAt: expect.any(String) });
    expect(document.retention).toEqual({ retainUntil: null });
    expect(document.applications).toHaveLength(2);
    const [live, ended] = document.applications;
    expect(live.id).toBe(applicationId);
    expect(live.history.map((h: any) => h.reason)).toEqual([null, marker('move')]);
    expect(ended).toMatchObject({ status: 'REJECTED', rejectionReason: marker('rejection') });
    expect(document.interviews).toEqual([
      expect.objectContaining({ applicationId, location: marker('room'), interviewerCount: 1 }),
    ]);
    expect(document.scorecards).toEqual([
      expect.objectContaining({
        applicationId,
        overallRecommendation: 'YES',
        notes: marker('scorecard'),
        ratings: [{ skill: 'Python', rating: 4, note: marker('rating-note') }],
      }),
    ]);
    expect(document.scorecards[0]).not.toHaveProperty('authorId');
    expect(document.notes.map((n: any) => n.body).sort()).toEqual(
      [marker('application-note'), marker('candidate-note')].sort(),
    );
    expect(document.offers).toEqual([
      expect.objectContaining({
        applicationId,
        equity: marker('equity'),
        baseSalary: { amount: 135000, currency: 'USD', period: 'YEAR' },
      }),
    ]);
    expect(document.resumes).toEqual([
      expect.objectContaining({
        fileName: `${marker('resume-file')}.txt`,
        downloadUrl: expect.stringMatching(/\/v1\/resumes\/[A-Za-z0-9_-]+$/),
      }),
    ]);
    expect(document.matches).toEqual([
      expect.objectContaining({ applicationId, score: 71, explanation: { explanation: marker('match') } }),
    ]);
    const actions = document.auditEntries.map((e: any) => e.action);
    for (const action of [
      'createCandidate',
      'recordCandidateConsent',
      'createApplication',
      'moveApplication',
      'rejectApplication',
    ]) {
      expect(actions).toContain(action);
    }
    expect(document.auditEntries.every((e: any) => !String(e.actor).includes(':'))).toBe(true);
    // Each array key holds something: the test filled every kind.
    for (const key of CANDIDATE_EXPORT_KEYS) {
      if (Array.isArray(document[key])) expect([key, document[key].length > 0]).toEqual([key, true]);
    }
    expect(response.text).not.toContain(otherMarker);
    // The resume link works with the same credentials.
    const resume = await t.http
      .get(new URL(document.resumes[0].downloadUrl as string).pathname)
      .set('authorization', `Bearer ${t.adminToken}`);
    expect(resume.text).toContain(marker('resume'));
  });

  it('GraphQL exportCandidateData is the same document; a key with candidates:export gets it too', async () => {
    const rest = JSON.parse((await get(candidateId)).text) as Record<string, unknown>;
    const graphql = await t.gql<{ exportCandidateData: Record<string, unknown> }>(EXPORT, {
      id: candidateId,
    });
    expect(graphql.errors).toBeUndefined();
    expect({ ...graphql.data.exportCandidateData, exportedAt: null }).toEqual({ ...rest, exportedAt: null });
    expect((await get(candidateId, exportKey)).status).toBe(200);
    const byKey = await t.gqlAs<{ exportCandidateData: { candidate: { id: string } } }>(exportKey, EXPORT, {
      id: candidateId,
    });
    expect(byKey.data.exportCandidateData.candidate.id).toBe(candidateId);
  });

  it('takes as many SQL statements for a full record as for an empty one (one per part, whatever the rows)', async () => {
    const bare = await createCandidate(t);
    const full = await t.statements.measure(() => get(candidateId));
    const empty = await t.statements.measure(() => get(bare.id));
    expect(full.result.status).toBe(200);
    expect(empty.result.status).toBe(200);
    expect(full.statements).toBe(empty.statements);
  });

  it('404 problem details for an unknown or malformed id; GraphQL answers null', async () => {
    for (const id of [
      makeGlobalId('Candidate', '00000000-0000-4000-8000-000000000000'),
      'nope',
      applicationId,
    ]) {
      const response = await get(id);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const graphql = await t.gql(EXPORT, { id });
      expect(graphql.errors).toBeUndefined();
      expect(graphql.data).toEqual({ exportCandidateData: null });
    }
  });

  it('403 problem details for everyone else (recruiters, other roles, keys without the scope); 401 without credentials', async () => {
    const others = [
      recruiter.token,
      (await t.userWithRole('HIRING_MANAGER')).token,
      (await t.userWithRole('INTERVIEWER')).token,
      readKey,
    ];
    for (const credential of others) {
      const response = await get(candidateId, credential);
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(response.text).not.toContain(tag);
      const graphql = await t.gqlAs(credential, EXPORT, { id: candidateId });
      expect(graphql.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(graphql.data).toEqual({ exportCandidateData: null });
    }
    expect((await get(candidateId, null)).status).toBe(401);
  });

  describe('EEO self-identification', () => {
    const EXPORT_EEO = `query($id: ID!, $eeo: Boolean!) { exportCandidateData(id: $id, includeSelfIdentification: $eeo) }`;
    beforeAll(async () => {
      // Written as the career page's intake stores it (test/e2e/eeo.e2e-spec.ts covers the intake itself).
      await t.sql(
        `INSERT INTO eeo_self_identification (application_id, candidate_id, gender, race_ethnicity, source)
         VALUES ($1, $2, 'FEMALE', 'ASIAN', 'CAREER_PAGE')`,
        [databaseId(applicationId), databaseId(candidateId)],
      );
    });

    it('is left out unless asked for, by REST and GraphQL', async () => {
      const rest = JSON.parse((await get(candidateId)).text) as Record<string, unknown>;
      expect(Object.keys(rest)).toEqual([...CANDIDATE_EXPORT_KEYS]);
      expect((await get(candidateId).query({ includeSelfIdentification: 'false' })).text).not.toContain(
        'ASIAN',
      );
      const graphql = await t.gql<{ exportCandidateData: Record<string, unknown> }>(EXPORT, {
        id: candidateId,
      });
      expect(Object.keys(graphql.data.exportCandidateData)).not.toContain('selfIdentification');
      expect(JSON.stringify(graphql.data)).not.toContain('ASIAN');
    });

    it('is added for an administrator who asks for it explicitly', async () => {
      const expected = [
        {
          applicationId,
          gender: 'FEMALE',
          raceEthnicity: 'ASIAN',
          veteranStatus: null,
          disabilityStatus: null,
          source: 'CAREER_PAGE',
          submittedAt: expect.any(String),
        },
      ];
      const rest = await get(candidateId).query({ includeSelfIdentification: 'true' });
      expect(rest.status).toBe(200);
      const document = JSON.parse(rest.text) as Record<string, unknown>;
      expect(Object.keys(document)).toEqual([...CANDIDATE_EXPORT_KEYS, 'selfIdentification']);
      expect(document.selfIdentification).toEqual(expected);
      const graphql = await t.gql<{ exportCandidateData: Record<string, unknown> }>(EXPORT_EEO, {
        id: candidateId,
        eeo: true,
      });
      expect(graphql.data.exportCandidateData.selfIdentification).toEqual(expected);
    });

    it('is refused to a key with candidates:export (no key reads self-identification), writing nothing', async () => {
      const response = await get(candidateId, exportKey).query({ includeSelfIdentification: 'true' });
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.text).not.toContain('ASIAN');
      const graphql = await t.gqlAs(exportKey, EXPORT_EEO, { id: candidateId, eeo: true });
      expect(graphql.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(graphql)).not.toContain('ASIAN');
    });

    it('answers 400 problem details for a flag that is not true or false', async () => {
      for (const value of ['yes', '1', 'TRUE', '']) {
        const response = await get(candidateId).query({ includeSelfIdentification: value });
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.text).not.toContain('ASIAN');
      }
    });
  });
});
