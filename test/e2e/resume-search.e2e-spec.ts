import { randomBytes } from 'node:crypto';
import { ResumesService } from '../../src/resumes/resumes.service';
import { createApplication, createCandidate, createRequisition, databaseId, unique } from '../factories';
import { docxOf, pdfOf } from '../support/resume-files';
import { createTestApp, TestApp } from '../support/test-app';

/** A word nobody else's rows contain (letters only, one word for the text-search parser). */
const word = (): string => 'z' + [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');

/**
 * The contract of resumes people send and of full-text search: POST /v1/candidates/:id/resumes (multipart, the
 * `resume` part), read in the background into text and skills; `candidates(filter: { search })` ranked, with
 * highlights, typo-tolerant names, within reach, nothing of contact details for interviewers.
 */
describe('resume uploads and candidate search', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const upload = (candidateId: string, file: [Buffer, string] | null, token = t.adminToken) => {
    const call = t.http.post(`/v1/candidates/${candidateId}/resumes`).set('authorization', `Bearer ${token}`);
    return file ? call.attach('resume', file[0], file[1]) : call.field('note', 'no file');
  };
  const resumeCount = async (candidateId: string) =>
    (
      await t.sql(`SELECT count(*)::int AS n FROM resume WHERE candidate_id = $1`, [databaseId(candidateId)])
    )[0].n as number;

  describe('POST /v1/candidates/:id/resumes', () => {
    it('stores a PDF PENDING (201 with id and status), reads it in the background, and shows text and skills', async () => {
      const term = word();
      const candidate = await createCandidate(t, { skills: [{ name: 'Python', years: 5 }] });
      const pdf = pdfOf([['Grace Hopper', `Built ${term} systems`, 'Kubernetes and JAX, 3 years']]);
      const response = await upload(candidate.id, [pdf, 'grace.pdf']);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.any(String), status: 'PENDING' });
      expect(response.headers.location).toBe(`/v1/resumes/${response.body.id}`);
      const query = `query($id: ID!) { candidate(id: $id) {
          skills { skill { name } source evidence }
          resumes { id status failureReason pageCount fileName contentType text skills { skill { name } evidence } } } }`;
      const pending = await t.ok<any>(query, { id: candidate.id });
      expect(pending.candidate.resumes).toEqual([
        expect.objectContaining({ id: response.body.id, status: 'PENDING', text: null, skills: [] }),
      ]);

      await t.app.get(ResumesService).extract(databaseId(response.body.id));
      const parsed = await t.ok<any>(query, { id: candidate.id });
      expect(parsed.candidate.resumes[0]).toMatchObject({
        status: 'PARSED',
        failureReason: null,
        pageCount: 1,
        fileName: 'grace.pdf',
        contentType: 'application/pdf',
        text: expect.stringContaining(`Built ${term} systems`),
        skills: [
          { skill: { name: 'Kubernetes' }, evidence: 'Kubernetes and JAX, 3 years' },
          { skill: { name: 'JAX' }, evidence: 'Kubernetes and JAX, 3 years' },
        ],
      });
      expect(parsed.candidate.skills).toEqual([
        { skill: { name: 'Python' }, source: 'PROFILE', evidence: null },
        { skill: { name: 'Kubernetes' }, source: 'RESUME', evidence: 'Kubernetes and JAX, 3 years' },
        { skill: { name: 'JAX' }, source: 'RESUME', evidence: 'Kubernetes and JAX, 3 years' },
      ]);
      // The resume's text is searchable now.
      const found = await t.ok<any>(
        `query($s: String) { candidates(filter: { search: $s }) { edges { node { id } } } }`,
        {
          s: term,
        },
      );
      expect(found.candidates.edges.map((e: any) => e.node.id)).toEqual([candidate.id]);
      // The upload is audited.
      const [audit] = await t.sql(`SELECT action FROM audit_entry WHERE $1 = ANY(subject_ids)`, [
        databaseId(response.body.id),
      ]);
      expect(audit.action).toBe('uploadResume');
    });

    it('takes a DOCX; a corrupt one ends FAILED with its reason, and the candidate and application stay', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const good = await upload(candidate.id, [docxOf(['Spark pipelines']), 'cv.docx']);
      const bad = await upload(candidate.id, [Buffer.from('PK\u0003\u0004 broken'), 'broken.docx']);
      expect([good.status, bad.status]).toEqual([201, 201]);
      const service = t.app.get(ResumesService);
      expect(await service.extract(databaseId(good.body.id))).toBe('PARSED');
      expect(await service.extract(databaseId(bad.body.id))).toBe('FAILED');
      const data = await t.ok<any>(
        `query($id: ID!) { node(id: $id) { ... on Application { status candidate { id resumes { id status failureReason } } } } }`,
        { id: application.id },
      );
      expect(data.node.status).toBe('ACTIVE');
      expect(data.node.candidate.resumes).toEqual(
        expect.arrayContaining([
          { id: good.body.id, status: 'PARSED', failureReason: null },
          { id: bad.body.id, status: 'FAILED', failureReason: 'UNREADABLE' },
        ]),
      );
    });

    it.each<[string, () => [Buffer, string] | null, number]>([
      ['no file part', () => null, 400],
      ['a file that is not what its name says', () => [Buffer.from('hello'), 'cv.pdf'], 422],
      ['a kind not accepted', () => [Buffer.from('GIF89a'), 'cv.gif'], 422],
      ['an empty file', () => [Buffer.alloc(0), 'cv.txt'], 422],
      [
        'an oversized file',
        () => [Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024)]), 'big.pdf'],
        413,
      ],
    ])('refuses %s with problem details, storing nothing', async (_, file, status) => {
      const candidate = await createCandidate(t);
      const response = await upload(candidate.id, file());
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await resumeCount(candidate.id)).toBe(0);
    });

    it('refuses a JSON body (415), an unknown candidate (404), no credentials (401), roles that do not update candidates (403)', async () => {
      const candidate = await createCandidate(t);
      const json = await t.http
        .post(`/v1/candidates/${candidate.id}/resumes`)
        .set('authorization', `Bearer ${t.adminToken}`)
        .send({ resume: 'x' });
      expect(json.status).toBe(415);
      const missing = await upload(
        Buffer.from(`Candidate:00000000-0000-4000-8000-000000000000`).toString('base64url'),
        [Buffer.from('Python'), 'cv.txt'],
      );
      expect(missing.status).toBe(404);
      const anonymous = await t.http
        .post(`/v1/candidates/${candidate.id}/resumes`)
        .attach('resume', Buffer.from('Python'), 'cv.txt');
      expect(anonymous.status).toBe(401);
      const interviewer = await t.userWithRole('INTERVIEWER');
      expect((await upload(candidate.id, [Buffer.from('Python'), 'cv.txt'], interviewer.token)).status).toBe(
        403,
      );
      // Permission as for updating the candidate: hiring managers do not update candidates.
      const manager = await t.userWithRole('HIRING_MANAGER');
      expect((await upload(candidate.id, [Buffer.from('Python'), 'cv.txt'], manager.token)).status).toBe(403);
      expect(await resumeCount(candidate.id)).toBe(0);
    });
  });

  describe('candidates(filter: { search })', () => {
    const SEARCH = `query($s: String, $first: Int, $after: String) {
      candidates(filter: { search: $s }, first: $first, after: $after) {
        totalCount edges { cursor node { id fullName searchHighlights } } pageInfo { hasNextPage endCursor } } }`;

    it('ranks, highlights with plain markers, pages by cursor, and tolerates a typo in a name', async () => {
      const term = word();
      const surname = `Lovelace${word()}`;
      const inName = await createCandidate(t, { fullName: `Ada ${surname}`, headline: `${term} lead` });
      const inSkills = await createCandidate(t, {
        headline: 'Engineer',
        skills: [{ name: `${term}-kit`, years: 1 }],
      });
      const first = await t.ok<any>(SEARCH, { s: term, first: 1 });
      expect(first.candidates.totalCount).toBe(2);
      expect(first.candidates.edges.map((e: any) => e.node.id)).toEqual([inName.id]);
      expect(first.candidates.edges[0].node.searchHighlights).toEqual([
        expect.stringContaining(`${surname} — ⟦${term}⟧ lead`),
      ]);
      const second = await t.ok<any>(SEARCH, {
        s: term,
        first: 1,
        after: first.candidates.pageInfo.endCursor,
      });
      expect(second.candidates.edges.map((e: any) => e.node.id)).toEqual([inSkills.id]);
      expect(second.candidates.pageInfo.hasNextPage).toBe(false);

      const typo = await t.ok<any>(SEARCH, { s: `Ada ${surname.replace('Lovelace', 'Lovlace')}` });
      expect(typo.candidates.edges.map((e: any) => e.node.id)).toContain(inName.id);
      // Without a search there are no highlights, and the order is newest first as before.
      const plain = await t.ok<any>(`{ candidates(first: 2) { edges { node { id searchHighlights } } } }`);
      expect(plain.candidates.edges[0].node).toEqual({ id: inSkills.id, searchHighlights: null });
    });

    it('an interviewer finds only candidates within reach, never by e-mail or resume text', async () => {
      const term = word();
      const requisition = await createRequisition(t);
      const inReach = await createCandidate(t, {
        headline: `${term} specialist`,
        email: `${term}@example.com`,
      });
      const outOfReach = await createCandidate(t, { headline: `${term} specialist` });
      await createApplication(t, inReach.id, requisition.id);
      const resume = await upload(inReach.id, [
        Buffer.from(`Phone 555 0199\nSecret ${term}x skill`),
        'cv.txt',
      ]);
      await t.app.get(ResumesService).extract(databaseId(resume.body.id));
      const interviewer = await t.userWithRole('INTERVIEWER');
      await t.ok(
        `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { userErrors { code } } }`,
        { input: { requisitionId: requisition.id, userId: interviewer.id, role: 'INTERVIEWER' } },
      );
      const as = async (s: string) => {
        const response = await t.gqlAs<any>(interviewer.token, SEARCH, { s });
        expect(response.errors).toBeUndefined();
        return response.data.candidates.edges.map((e: any) => e.node);
      };
      expect((await as(term)).map((n: any) => n.id)).toEqual([inReach.id]);
      expect(await as(`${term}@example.com`)).toEqual([]);
      expect(await as(`${term}x`)).toEqual([]);
      expect(await as('555 0199')).toEqual([]);
      // The administrator finds both by the headline, the one by e-mail and by resume text.
      const admin = await t.ok<any>(SEARCH, { s: term });
      expect(new Set(admin.candidates.edges.map((e: any) => e.node.id))).toEqual(
        new Set([inReach.id, outOfReach.id]),
      );
      const byEmail = await t.ok<any>(SEARCH, { s: `${term.toUpperCase()}@EXAMPLE.COM` });
      expect(byEmail.candidates.edges.map((e: any) => e.node.id)).toEqual([inReach.id]);
      const byResume = await t.ok<any>(SEARCH, { s: `${term}x` });
      expect(byResume.candidates.edges[0].node.searchHighlights).toEqual([
        `Phone 555 0199 Secret ⟦${term}x⟧ skill`,
      ]);
    });

    it('answers hostile search strings without an error', async () => {
      for (const s of ['"', "') OR 1=1 --", '-', '!!! & | :*', 'a'.repeat(200), `${unique()} <script>`]) {
        const response = await t.gql<any>(SEARCH, { s });
        expect(response.errors).toBeUndefined();
      }
      const tooLong = await t.gql<any>(SEARCH, { s: 'a'.repeat(201) });
      expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
