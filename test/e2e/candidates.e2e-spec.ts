import {
  changeApplicationStatus,
  createApplication,
  createCandidate,
  createRequisition,
  databaseId,
  makeGlobalId,
  snapshotCounts,
  unique,
} from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const FULL = `id fullName email phone location { city region country postalCode } headline yearsOfExperience
  skills { skill { name category } years } education { institution degree fieldOfStudy graduationYear }
  certifications { name issuer issuedOn url } links { kind url } tags consentGivenAt retainUntil
  version createdAt updatedAt`;

describe('candidates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = async (input: Record<string, unknown>) =>
    (
      await t.ok<{ createCandidate: { candidate: any } }>(
        `mutation($input: CreateCandidateInput!) { createCandidate(input: $input) { candidate { ${FULL} } userErrors { code } } }`,
        { input },
      )
    ).createCandidate.candidate;

  const update = async (input: Record<string, unknown>) =>
    (
      await t.ok<{ updateCandidate: { candidate: any } }>(
        `mutation($input: UpdateCandidateInput!) { updateCandidate(input: $input) { candidate { ${FULL} } userErrors { code } } }`,
        { input },
      )
    ).updateCandidate.candidate;

  const fetch = async (id: string) =>
    (await t.ok<{ candidate: any }>(`query($id: ID!) { candidate(id: $id) { ${FULL} } }`, { id })).candidate;

  describe('createCandidate and updateCandidate', () => {
    const tag = unique();
    const email = `Grace.Hopper.${tag}@Example.com`;
    let created: any;

    it('stores the whole profile: skills with years, education, certifications, links, deduplicated tags', async () => {
      created = await create({
        fullName: `  Grace Hopper ${tag} `,
        email,
        phone: '+1 (415) 555-0100',
        location: { city: 'Berkeley', region: 'CA', country: 'US' },
        headline: '  ML engineer, ranking and recommender systems ',
        yearsOfExperience: 6.5,
        skills: [{ name: 'torch', years: 3 }, { name: '  python ', years: 6 }, { name: `Ray Tune ${tag}` }],
        education: [
          {
            institution: ' Stanford University ',
            degree: 'MSc',
            fieldOfStudy: 'Computer Science',
            graduationYear: 2018,
          },
          { institution: 'UC Berkeley' },
        ],
        certifications: [
          {
            name: 'Google Cloud Professional Machine Learning Engineer',
            issuer: 'Google Cloud',
            issuedOn: '2023-04-01',
            url: 'https://cloud.google.com/learn/certification/machine-learning-engineer',
          },
        ],
        links: [
          { kind: 'GITHUB', url: 'https://github.com/grace-hopper' },
          { kind: 'KAGGLE', url: 'https://www.kaggle.com/gracehopper' },
        ],
        tags: ['RecSys', 'recsys', '  NLP ', 'nlp', 'Kaggle   Master', 'KAGGLE MASTER', ''],
        consentGivenAt: '2026-01-15T10:00:00.000Z',
        retainUntil: '2028-01-15T00:00:00.000Z',
      });
      expect(created).toMatchObject({
        fullName: `Grace Hopper ${tag}`,
        email,
        phone: '+1 (415) 555-0100',
        location: { city: 'Berkeley', region: 'CA', country: 'US', postalCode: null },
        headline: 'ML engineer, ranking and recommender systems',
        yearsOfExperience: 6.5,
        skills: [
          { skill: { name: 'PyTorch', category: 'DEEP_LEARNING' }, years: 3 },
          { skill: { name: 'Python', category: 'LANGUAGE' }, years: 6 },
          { skill: { name: `Ray Tune ${tag}`, category: 'OTHER' }, years: null },
        ],
        education: [
          {
            institution: 'Stanford University',
            degree: 'MSc',
            fieldOfStudy: 'Computer Science',
            graduationYear: 2018,
          },
          { institution: 'UC Berkeley', degree: null, fieldOfStudy: null, graduationYear: null },
        ],
        certifications: [
          {
            name: 'Google Cloud Professional Machine Learning Engineer',
            issuer: 'Google Cloud',
            issuedOn: '2023-04-01',
            url: 'https://cloud.google.com/learn/certification/machine-learning-engineer',
          },
        ],
        links: [
          { kind: 'GITHUB', url: 'https://github.com/grace-hopper' },
          { kind: 'KAGGLE', url: 'https://www.kaggle.com/gracehopper' },
        ],
        tags: ['RecSys', 'NLP', 'Kaggle Master'],
        consentGivenAt: '2026-01-15T10:00:00.000Z',
        retainUntil: '2028-01-15T00:00:00.000Z',
        version: 1,
      });
      expect(await fetch(created.id)).toEqual(created);
    });

    it('updates only the fields given; list fields are replaced whole; null clears', async () => {
      const headline = await update({ id: created.id, expectedVersion: 1, headline: 'Staff ML engineer' });
      expect(headline).toEqual({
        ...created,
        headline: 'Staff ML engineer',
        version: 2,
        updatedAt: headline.updatedAt,
      });

      const lists = await update({
        id: created.id,
        expectedVersion: 2,
        skills: [{ name: 'JAX', years: 1 }, { name: 'k8s' }],
        tags: ['MLOps', 'mlops', 'Kaggle Master'],
        links: [],
        phone: null,
        location: null,
      });
      expect(lists).toMatchObject({
        fullName: created.fullName,
        email,
        phone: null,
        location: null,
        headline: 'Staff ML engineer',
        yearsOfExperience: 6.5,
        skills: [
          { skill: { name: 'JAX', category: 'DEEP_LEARNING' }, years: 1 },
          { skill: { name: 'Kubernetes', category: 'MLOPS' }, years: null },
        ],
        education: created.education,
        certifications: created.certifications,
        links: [],
        tags: ['MLOps', 'Kaggle Master'],
        version: 3,
      });
      const [{ n }] = await t.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM candidate_skill WHERE candidate_id = $1',
        [databaseId(created.id)],
      );
      expect(n).toBe(2);
      expect(await fetch(created.id)).toEqual(lists);
    });

    it('may change its own e-mail to another case of the same address', async () => {
      const changed = await update({ id: created.id, email: email.toLowerCase() });
      expect(changed.email).toBe(email.toLowerCase());
      expect(changed.version).toBe(4);
    });

    it('an update refused by the rules writes nothing', async () => {
      const before = await snapshotCounts(t);
      const response = await t.gql(
        `mutation($input: UpdateCandidateInput!) { updateCandidate(input: $input) { candidate { id } userErrors { code field } } }`,
        { input: { id: created.id, expectedVersion: 1, skills: [{ name: `Never stored ${unique()}` }] } },
      );
      expect(response.data.updateCandidate).toEqual({
        candidate: null,
        userErrors: [{ code: 'STALE_VERSION', field: ['input', 'expectedVersion'] }],
      });
      expect(await snapshotCounts(t)).toEqual(before);
      expect((await fetch(created.id)).version).toBe(4);
    });
  });

  describe('candidates(filter:)', () => {
    // What each criterion matches is pinned in test/medium/candidates/candidates.medium-spec.ts; here, the argument.
    it('takes search, skills in any spelling, tags and minimum experience, with a total to match', async () => {
      const tag = unique();
      const torch = await createCandidate(t, {
        fullName: `Ranking Person ${tag}`,
        yearsOfExperience: 7,
        skills: [{ name: 'PyTorch', years: 4 }],
        tags: ['RecSys'],
      });
      await createCandidate(t, { fullName: `Vision Person ${tag}`, yearsOfExperience: 3, tags: ['RecSys'] });
      const data = await t.ok<{ candidates: any }>(
        `query($filter: CandidateFilter) { candidates(first: 50, filter: $filter) { totalCount edges { node { id } } } }`,
        {
          filter: { search: tag.toUpperCase(), skills: ['torch'], tags: ['recsys'], minYearsOfExperience: 5 },
        },
      );
      expect(data.candidates).toEqual({ totalCount: 1, edges: [{ node: { id: torch.id } }] });
    });
  });

  describe('candidate.applications', () => {
    it("lists the candidate's applications newest first, optionally by status", async () => {
      const candidate = await createCandidate(t);
      const first = await createRequisition(t);
      const second = await createRequisition(t);
      const older = await createApplication(t, candidate.id, first.id);
      const newer = await createApplication(t, candidate.id, second.id, {
        source: { kind: 'REFERRAL', detail: 'Ada' },
      });
      await changeApplicationStatus(t, 'reject', { id: older.id, reason: 'Role filled internally' });

      const query = `query($id: ID!, $status: ApplicationStatus) { candidate(id: $id) {
        applications(first: 10, status: $status) { totalCount edges { node {
          id status source { kind detail } rejectionReason requisition { id } stage { name } candidate { id } } } } } }`;
      const all = await t.ok<any>(query, { id: candidate.id });
      expect(all.candidate.applications).toEqual({
        totalCount: 2,
        edges: [
          {
            node: {
              id: newer.id,
              status: 'ACTIVE',
              source: { kind: 'REFERRAL', detail: 'Ada' },
              rejectionReason: null,
              requisition: { id: second.id },
              stage: { name: 'Applied' },
              candidate: { id: candidate.id },
            },
          },
          {
            node: {
              id: older.id,
              status: 'REJECTED',
              source: { kind: 'JOB_BOARD', detail: 'Indeed' },
              rejectionReason: 'Role filled internally',
              requisition: { id: first.id },
              stage: { name: 'Applied' },
              candidate: { id: candidate.id },
            },
          },
        ],
      });
      const rejected = await t.ok<any>(query, { id: candidate.id, status: 'REJECTED' });
      expect(rejected.candidate.applications.totalCount).toBe(1);
      expect(rejected.candidate.applications.edges.map((e: any) => e.node.id)).toEqual([older.id]);

      const fresh = await createCandidate(t);
      const empty = await t.ok<any>(query, { id: fresh.id });
      expect(empty.candidate.applications).toEqual({ totalCount: 0, edges: [] });
    });
  });
  describe('recordCandidateConsent', () => {
    const RECORD = `mutation($input: RecordCandidateConsentInput!) { recordCandidateConsent(input: $input) {
      candidate { id consentGivenAt consentSource retainUntil version } userErrors { code field message } } }`;

    it('records the consent; with no application, retainUntil is its end', async () => {
      const candidate = await createCandidate(t);
      const response = await t.gql<any>(RECORD, {
        input: {
          id: candidate.id,
          consentGivenAt: '2026-11-01T09:00:00.000Z',
          source: 'IN_PERSON',
          retainUntil: '2029-06-30T00:00:00.000Z',
          expectedVersion: candidate.version,
        },
      });
      expect(response.body.errors).toBeUndefined();
      expect(response.data.recordCandidateConsent).toEqual({
        candidate: {
          id: candidate.id,
          consentGivenAt: '2026-11-01T09:00:00.000Z',
          consentSource: 'IN_PERSON',
          retainUntil: '2029-06-30T00:00:00.000Z',
          version: candidate.version + 2,
        },
        userErrors: [],
      });
    });

    it.each<[string, Record<string, unknown>, string[][]]>([
      ['a consent in the future', { consentGivenAt: '2099-01-01T00:00:00Z' }, [['input', 'consentGivenAt']]],
      ['an end before it', { retainUntil: '2020-01-01T00:00:00Z' }, [['input', 'retainUntil']]],
      [
        'an unknown candidate',
        { id: makeGlobalId('Candidate', '00000000-0000-4000-8000-000000000000') },
        [['input', 'id']],
      ],
    ])('refuses %s with userErrors and writes nothing', async (_name, overrides, fields) => {
      const candidate = await createCandidate(t);
      const before = await t.sql(
        `SELECT version, consent_given_at, consent_source, retain_until,
                (SELECT count(*)::int FROM audit_entry WHERE $1 = ANY(subject_ids)) AS audit
         FROM candidate WHERE id = $1`,
        [databaseId(candidate.id)],
      );
      const response = await t.gql<any>(RECORD, {
        input: { id: candidate.id, consentGivenAt: new Date().toISOString(), source: 'EMAIL', ...overrides },
      });
      expect(response.data.recordCandidateConsent.candidate).toBeNull();
      expect(response.data.recordCandidateConsent.userErrors.map((e: any) => e.field)).toEqual(fields);
      expect(
        await t.sql(
          `SELECT version, consent_given_at, consent_source, retain_until,
                  (SELECT count(*)::int FROM audit_entry WHERE $1 = ANY(subject_ids)) AS audit
           FROM candidate WHERE id = $1`,
          [databaseId(candidate.id)],
        ),
      ).toEqual(before);
    });

    it('refuses a source outside the enum as BAD_USER_INPUT', async () => {
      const candidate = await createCandidate(t);
      const response = await t.gql(RECORD, {
        input: { id: candidate.id, consentGivenAt: new Date().toISOString(), source: 'CARRIER_PIGEON' },
      });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
