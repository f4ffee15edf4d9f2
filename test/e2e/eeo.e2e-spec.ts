import { Webhook } from 'standardwebhooks';
import { createRequisition, databaseId, moveApplication, unique } from '../factories';
import { createJobBoard, inboundCounts, publishRequisition } from '../factories/job-boards';
import { createTestApp, TestApp } from '../support/test-app';
import { ApiKeyScope } from '../../src/identity/identity.enums';

/** Every answer the intake takes: none may show anywhere but the eeo table. */
const VALUES =
  /\b(MALE|FEMALE|HISPANIC_OR_LATINO|WHITE|BLACK_OR_AFRICAN_AMERICAN|NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER|ASIAN|AMERICAN_INDIAN_OR_ALASKA_NATIVE|TWO_OR_MORE_RACES|PROTECTED_VETERAN|NOT_A_PROTECTED_VETERAN|DECLINE_TO_ANSWER)\b/;
/** Field names that would carry self-identification. */
const FIELD_NAMES = /gender|race|ethnic|veteran|disabilit|eeo|selfident/i;

const EEO_REPORT = `query($filter: EeoReportFilterInput!) { eeoReport(filter: $filter) {
  requisitionId stageId applications
  gender { category count } raceEthnicity { category count } veteranStatus { category count } disabilityStatus { category count } } }`;

const counts = (cells: { category: string; count: string }[]) =>
  Object.fromEntries(cells.map((c) => [c.category, c.count]));

/**
 * US voluntary self-identification through the real stack: taken with career-page (JSON and multipart) and board
 * applications, refused like any other field, never shown with the candidate or the application, and reported to
 * administrators only, suppressed.
 */
describe('EEO self-identification', () => {
  let t: TestApp;
  let career: { id: string; slug: string };
  let generic: { id: string; slug: string; secret: string };
  let requisition: { id: string; stages: { id: string; name: string }[] };
  let careerPosting: string;
  let genericPosting: string;

  const careerUrl = () => `/v1/boards/${career.slug}/jobs/${careerPosting}/applications`;
  const application = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    fullName: `Katherine Johnson ${unique()}`,
    email: `katherine.${unique()}@example.com`,
    consent: true,
    ...overrides,
  });
  const eeoRows = () =>
    t.sql(`SELECT count(*)::int AS n FROM eeo_self_identification`).then(([r]) => r.n as number);
  const stored = (applicationGlobalId: string) =>
    t.sql(`SELECT * FROM eeo_self_identification WHERE application_id = $1`, [
      databaseId(applicationGlobalId),
    ]);
  const boardPost = (body: string) => {
    const id = `msg_${unique()}`;
    const timestamp = new Date();
    return t.http
      .post(`/v1/integrations/job-boards/${generic.slug}/applications`)
      .set('content-type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(Math.floor(timestamp.getTime() / 1000)))
      .set('webhook-signature', new Webhook(generic.secret).sign(id, timestamp, body))
      .send(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    career = await createJobBoard(t, 'CAREER_PAGE', 'Careers site');
    generic = await createJobBoard(t, 'GENERIC', 'Other board');
    requisition = await createRequisition(t);
    [careerPosting, genericPosting] = await publishRequisition(t, requisition.id, [career.id, generic.id]);
  });
  afterAll(() => t.close());

  describe('intake', () => {
    it('a career page (JSON) stores the answers apart, with the application, and not in the delivery body', async () => {
      const selfIdentification = {
        gender: 'FEMALE',
        raceEthnicity: 'BLACK_OR_AFRICAN_AMERICAN',
        veteranStatus: 'DECLINE_TO_ANSWER',
      };
      const body = application({ selfIdentification });
      const response = await t.http.post(careerUrl()).send(body);
      expect(response.status).toBe(201);
      expect(await stored(response.body.applicationId)).toEqual([
        expect.objectContaining({
          gender: 'FEMALE',
          race_ethnicity: 'BLACK_OR_AFRICAN_AMERICAN',
          veteran_status: 'DECLINE_TO_ANSWER',
          disability_status: null,
          source: 'CAREER_PAGE',
        }),
      ]);
      const [delivery] = await t.sql(`SELECT raw_body FROM inbound_delivery WHERE application_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      const rest = { ...body };
      delete rest.selfIdentification;
      expect(JSON.parse(delivery.raw_body.toString('utf8'))).toEqual(rest);
    });

    it('a career page form (multipart) takes it as a JSON field', async () => {
      let call = t.http.post(careerUrl());
      const fields = {
        fullName: 'Dorothy Vaughan',
        email: `dorothy.${unique()}@example.com`,
        consent: 'true',
        selfIdentification: JSON.stringify({ disabilityStatus: 'NO', veteranStatus: 'PROTECTED_VETERAN' }),
      };
      for (const [name, value] of Object.entries(fields)) call = call.field(name, value);
      const response = await call;
      expect(response.status).toBe(201);
      expect(await stored(response.body.applicationId)).toEqual([
        expect.objectContaining({
          gender: null,
          disability_status: 'NO',
          veteran_status: 'PROTECTED_VETERAN',
        }),
      ]);
      const [delivery] = await t.sql(`SELECT raw_body FROM inbound_delivery WHERE application_id = $1`, [
        databaseId(response.body.applicationId),
      ]);
      expect(delivery.raw_body.toString('utf8')).not.toMatch(FIELD_NAMES);
    });

    it('without it, or with every question left out, nothing is stored', async () => {
      for (const extra of [{}, { selfIdentification: {} }]) {
        const response = await t.http.post(careerUrl()).send(application(extra));
        expect(response.status).toBe(201);
        expect(await stored(response.body.applicationId)).toEqual([]);
      }
    });

    it.each<[string, unknown, string]>([
      ['an unknown gender', { gender: 'OTHER' }, '#/selfIdentification/gender'],
      ['a lower-case answer', { raceEthnicity: 'asian' }, '#/selfIdentification/raceEthnicity'],
      [
        'a veteran answer of the disability form',
        { veteranStatus: 'YES' },
        '#/selfIdentification/veteranStatus',
      ],
      ['an unknown question', { religion: 'NONE' }, '#/selfIdentification/religion'],
      ['a list', ['FEMALE'], '#/selfIdentification'],
      ['a string', 'FEMALE', '#/selfIdentification'],
    ])('refuses %s like any other field (400, a pointer, nothing written)', async (_case, value, pointer) => {
      const before = { ...(await inboundCounts(t)), eeo: await eeoRows() };
      const response = await t.http.post(careerUrl()).send(application({ selfIdentification: value }));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('INVALID_INPUT');
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      // The refusal names the field, never the answer given.
      const given = typeof value === 'string' ? value : Object.values(value as object)[0];
      expect(JSON.stringify(response.body)).not.toMatch(new RegExp(`\\b${given}\\b`));
      expect({ ...(await inboundCounts(t)), eeo: await eeoRows() }).toEqual(before);
    });

    it('refuses a form whose selfIdentification is not JSON', async () => {
      const before = { ...(await inboundCounts(t)), eeo: await eeoRows() };
      const response = await t.http
        .post(careerUrl())
        .field('fullName', 'Mary Jackson')
        .field('email', `mary.${unique()}@example.com`)
        .field('consent', 'true')
        .field('selfIdentification', 'gender=FEMALE');
      expect(response.status).toBe(400);
      expect(response.body.detail ?? response.body.errors?.[0]?.message).toMatch(/JSON object/);
      expect({ ...(await inboundCounts(t)), eeo: await eeoRows() }).toEqual(before);
    });

    it('a board push (Standard Webhooks) stores it as from a job board; a bad one is refused and its body kept without it', async () => {
      const good = await boardPost(
        JSON.stringify({
          ...application(),
          postingId: genericPosting,
          selfIdentification: { gender: 'MALE' },
        }),
      );
      expect(good.status).toBe(200);
      expect(await stored(good.body.applicationId)).toEqual([
        expect.objectContaining({ gender: 'MALE', source: 'JOB_BOARD' }),
      ]);
      const before = await eeoRows();
      const bad = await boardPost(
        JSON.stringify({
          ...application(),
          postingId: genericPosting,
          selfIdentification: { gender: 'FEMALE', raceEthnicity: 'MARTIAN' },
        }),
      );
      expect(bad.status).toBe(400);
      expect(await eeoRows()).toBe(before);
      const [delivery] = await t.sql(
        `SELECT raw_body, response_status FROM inbound_delivery WHERE board_id = $1 ORDER BY received_at DESC LIMIT 1`,
        [databaseId(generic.id)],
      );
      expect(delivery.response_status).toBe(400);
      expect(delivery.raw_body.toString('utf8')).not.toMatch(/FEMALE|MARTIAN|selfIdentification/);
    });
  });

  describe('never shown with the person', () => {
    it('no type of the schema but the report has a field named like self-identification', async () => {
      const { data } = await t.gql<any>(
        `{ __schema { types { name kind fields { name } inputFields { name } } } }`,
      );
      const leaks = (data.__schema.types as any[])
        .filter((type) => !/^(Eeo|__|Query$)/.test(type.name))
        .flatMap((type) =>
          [...(type.fields ?? []), ...(type.inputFields ?? [])]
            .filter((field: { name: string }) => FIELD_NAMES.test(field.name))
            .map((field: { name: string }) => `${type.name}.${field.name}`),
        );
      expect(leaks).toEqual([]);
      const query = (data.__schema.types as any[]).find((type) => type.name === 'Query');
      expect(
        query.fields.map((f: { name: string }) => f.name).filter((n: string) => FIELD_NAMES.test(n)),
      ).toEqual(['eeoReport']);
    });

    it('the candidate, the application, their events, audit entries and the delivery hold none of the answers', async () => {
      const response = await t.http.post(careerUrl()).send(
        application({
          selfIdentification: {
            gender: 'FEMALE',
            raceEthnicity: 'NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER',
            veteranStatus: 'NOT_A_PROTECTED_VETERAN',
            disabilityStatus: 'YES',
          },
        }),
      );
      expect(response.status).toBe(201);
      const applicationId = databaseId(response.body.applicationId);
      const [{ candidate_id: candidateId }] = await t.sql(
        `SELECT candidate_id FROM application WHERE id = $1`,
        [applicationId],
      );
      // Everything an admin can ask about them, all fields the schema has on both.
      const { data } = await t.gql<any>(
        `query($id: ID!) { node(id: $id) { ... on Application { id status source { kind detail } candidate { id fullName email phone headline tags } } } }`,
        { id: response.body.applicationId },
      );
      expect(data.node.candidate).not.toBeNull();
      expect(JSON.stringify(data)).not.toMatch(VALUES);
      const texts = await t.sql<{ text: string }>(
        `SELECT row_to_json(c)::text AS text FROM candidate c WHERE c.id = $1
         UNION ALL SELECT row_to_json(a)::text FROM application a WHERE a.id = $2
         UNION ALL SELECT data::text FROM event WHERE aggregate_id IN ($1, $2)
         UNION ALL SELECT row_to_json(x)::text FROM audit_entry x WHERE $1 = ANY(subject_ids) OR $2 = ANY(subject_ids)
         UNION ALL SELECT convert_from(raw_body, 'UTF8') || coalesce(response_body::text, '')
           FROM inbound_delivery WHERE application_id = $2`,
        [candidateId, applicationId],
      );
      expect(texts.length).toBeGreaterThan(4);
      for (const { text } of texts) expect(text).not.toMatch(VALUES);
      // The one trace: that it was submitted.
      const audit = await t.sql(
        `SELECT changes FROM audit_entry WHERE action = 'submitSelfIdentification' AND $1 = ANY(subject_ids)`,
        [applicationId],
      );
      expect(audit).toEqual([{ changes: {} }]);
    });
  });

  describe('eeoReport', () => {
    let reported: { id: string; stages: { id: string; name: string }[] };
    let postingId: string;

    // Hand count, 11 career-page applications:
    //   gender:  FEMALE 5, MALE 4, DECLINE_TO_ANSWER 1, none 1 (no selfIdentification at all)
    //   veteran: NOT_A_PROTECTED_VETERAN 10, none 1
    // The 5 FEMALE applications move to the second stage.
    beforeAll(async () => {
      reported = await createRequisition(t);
      [postingId] = await publishRequisition(t, reported.id, [career.id]);
      const answers = [
        ...Array.from({ length: 5 }, () => ({ gender: 'FEMALE' })),
        ...Array.from({ length: 4 }, () => ({ gender: 'MALE' })),
        { gender: 'DECLINE_TO_ANSWER' },
      ].map((a) => ({ ...a, veteranStatus: 'NOT_A_PROTECTED_VETERAN' }));
      const url = `/v1/boards/${career.slug}/jobs/${postingId}/applications`;
      for (const [i, selfIdentification] of answers.entries()) {
        const response = await t.http.post(url).send(application({ selfIdentification }));
        expect(response.status).toBe(201);
        if (i < 5)
          await moveApplication(t, { id: response.body.applicationId, stageId: reported.stages[1].id });
      }
      expect((await t.http.post(url).send(application())).status).toBe(201);
    });

    it('counts per category, groups under 5 as "<5" (and one more when only one would be hidden)', async () => {
      const { data, errors } = await t.gql<any>(EEO_REPORT, { filter: { requisitionId: reported.id } });
      expect(errors).toBeUndefined();
      const report = data.eeoReport;
      expect(report).toMatchObject({ requisitionId: reported.id, stageId: null, applications: 11 });
      // MALE 4, DECLINE 1, none 1: three under 5.
      expect(report.gender).toEqual([
        { category: 'MALE', count: '<5' },
        { category: 'FEMALE', count: '5' },
        { category: 'DECLINE_TO_ANSWER', count: '<5' },
        { category: 'NOT_PROVIDED', count: '<5' },
      ]);
      expect(report.raceEthnicity).toHaveLength(9);
      expect(counts(report.raceEthnicity).NOT_PROVIDED).toBe('11');
      expect(counts(report.veteranStatus)).toEqual({
        PROTECTED_VETERAN: '<5',
        NOT_A_PROTECTED_VETERAN: '10',
        DECLINE_TO_ANSWER: '<5',
        NOT_PROVIDED: '<5',
      });
      expect(counts(report.disabilityStatus)).toEqual({
        YES: '<5',
        NO: '<5',
        DECLINE_TO_ANSWER: '<5',
        NOT_PROVIDED: '11',
      });
    });

    it('a stage: the applications that entered it', async () => {
      const { data } = await t.gql<any>(EEO_REPORT, {
        filter: { requisitionId: reported.id, stageId: reported.stages[1].id },
      });
      expect(data.eeoReport.applications).toBe(5);
      expect(counts(data.eeoReport.gender)).toEqual({
        MALE: '<5',
        FEMALE: '5',
        DECLINE_TO_ANSWER: '<5',
        NOT_PROVIDED: '<5',
      });
    });

    it('a requisition that does not exist has no applications; a stage of another requisition is refused', async () => {
      const missing = await t.gql<any>(EEO_REPORT, { filter: { requisitionId: requisition.stages[0].id } });
      expect(missing.errors).toBeUndefined();
      expect(missing.data.eeoReport.applications).toBe(0);
      const wrongStage = await t.gql<any>(EEO_REPORT, {
        filter: { requisitionId: reported.id, stageId: requisition.stages[1].id },
      });
      expect(wrongStage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(wrongStage.data).toBeNull();
    });

    it('administrators only: every other role and every API key is FORBIDDEN', async () => {
      const filter = { filter: { requisitionId: reported.id } };
      for (const role of ['RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] as const) {
        const user = await t.userWithRole(role);
        const response = await t.gqlAs<any>(user.token, EEO_REPORT, filter);
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(response.data).toBeNull();
      }
      const scopes = Object.values(ApiKeyScope);
      const key = await t.ok<any>(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
        { input: { name: `every scope ${unique()}`, scopes } },
      );
      const response = await t.gqlAs<any>(key.createApiKey.secret, EEO_REPORT, filter);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
