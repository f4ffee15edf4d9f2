import { randomBytes, randomInt } from 'node:crypto';
import { CandidateRetentionJob } from '../../src/privacy/candidate-retention.job';
import {
  changeApplicationStatus,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedRequisition,
  databaseId,
  makeGlobalId,
  moveApplication,
} from '../factories';
import { addMember, saveScorecard, scheduleInterview, slot } from '../factories/evaluation';
import { createJobBoard, CreatedJobBoard, publishRequisition } from '../factories/job-boards';
import { pdfOf } from '../support/resume-files';
import { createTestApp, TestApp, TestUser } from '../support/test-app';
import { deleteAllSubscriptions, drainJobQueue, waitUntil } from '../support/wait';
import { WEBHOOK_TEST_ENV, WebhookReceiver } from '../support/webhook-receiver';

/*
 * Erasure's proof (issue 17, docs/privacy.md): a candidate given unique marker values everywhere the API lets them
 * go is erased, and then no column of any table of any schema — read from the catalog, so a new table cannot be
 * missed — holds a marker; the same scan finds them before. The same after the retention job. A second candidate
 * keeps everything; reports read the same; events and webhooks never carried the person's name or e-mail.
 */

const ERASE = `mutation($input: EraseCandidateInput!) { eraseCandidate(input: $input) {
  erasedCandidateId userErrors { code field message existingId } } }`;
const DUE = `query($first: Int, $after: String) { candidatesDueForErasure(first: $first, after: $after) {
  totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const FUNNEL = `query($id: ID!) { node(id: $id) { ... on Requisition { funnel {
  stages { stage { name } entered current advanced rejected withdrawn conversionToNext medianDaysInStage p90DaysInStage }
  timeToHire { count median p90 } timeToFill { count median p90 } offerAcceptanceRate } } } }`;
const REPORT = `query($filter: HiringReportFilterInput) { hiringReport(filter: $filter) {
  requisitionCount sources { source applications reachedInterview offers hires conversion }
  rejectionReasons { reason { name category } count }
  timeToHire { count median p90 } timeToFill { count median p90 } offerAcceptanceRate } }`;

/** A token that is one word to every parser (letters and a digit: the text-search parser does not stem it). */
const marker = () => `zq${randomBytes(5).toString('hex')}9`;
const digits = () => String(randomInt(1_000_000, 9_999_999));

interface Column {
  schema: string;
  table: string;
  column: string;
  type: string;
}

/** Every column of every user table that can hold text: strings, json, bytea, arrays, tsvector… (not uuid). */
async function textColumns(t: TestApp): Promise<Column[]> {
  return t.sql<Column>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, ty.typname AS type
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_type ty ON ty.oid = a.atttypid
     WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
       AND n.nspname NOT LIKE 'pg_temp%'
       AND ty.typcategory IN ('S', 'U', 'A') AND ty.typname NOT IN ('uuid', '_uuid')
     ORDER BY 1, 2, 3`,
  );
}

/** Where (schema.table.column) each marker is found, over every text column of the catalog. */
async function findMarkers(t: TestApp, markers: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = Object.fromEntries(markers.map((m) => [m, []]));
  for (const c of await textColumns(t)) {
    const column = `"${c.column}"`;
    const match =
      c.type === 'bytea'
        ? `position(convert_to(m, 'UTF8') IN ${column}) > 0`
        : `strpos(lower(${column}::text), m) > 0`;
    const rows = await t.sql<{ m: string }>(
      `SELECT m FROM unnest($1::text[]) AS m
       WHERE EXISTS (SELECT 1 FROM "${c.schema}"."${c.table}" WHERE ${match})`,
      [markers.map((m) => m.toLowerCase())],
    );
    for (const { m } of rows) found[m].push(`${c.schema}.${c.table}.${c.column}`);
  }
  return found;
}

describe('candidate erasure', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let requisition: CreatedRequisition;
  let board: CreatedJobBoard;
  let posting: string;
  let recruiter: TestUser;
  let interviewer: TestUser;

  beforeAll(async () => {
    t = await createTestApp(WEBHOOK_TEST_ENV);
    receiver = await WebhookReceiver.start();
    await drainJobQueue((query) => t.sql(query));
    requisition = await createRequisition(t, { headcount: 3 });
    board = await createJobBoard(t, 'CAREER_PAGE', 'Careers site');
    [posting] = await publishRequisition(t, requisition.id, [board.id]);
    recruiter = await t.userWithRole('RECRUITER');
    interviewer = await t.userWithRole('INTERVIEWER');
    await addMember(t, requisition.id, interviewer.id, 'INTERVIEWER');
    const created = await t.ok<any>(
      `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
         secret userErrors { code } } }`,
      { input: { url: receiver.url('/everything'), eventTypes: ['*'] } },
    );
    receiver.secrets.push(created.createWebhookSubscription.secret);
  });
  afterAll(async () => {
    await deleteAllSubscriptions((query) => t.sql(query));
    await t.close();
    await receiver.stop();
  });

  const apply = (body: Record<string, unknown>) =>
    t.http.post(`/v1/boards/${board.slug}/jobs/${posting}/applications`).send({ consent: true, ...body });

  const candidateOf = async (applicationId: string): Promise<string> =>
    (await t.ok<any>(`query($id: ID!) { application(id: $id) { candidate { id } } }`, { id: applicationId }))
      .application.candidate.id;

  const erase = (id: string, reason = 'TICKET-1234', token = t.adminToken) =>
    t.gqlAs<any>(token, ERASE, { input: { id, reason } });

  /**
   * A candidate with the identity marker `who` in name, e-mail and links, the phone digits `phone`, and the text
   * marker `what` in every free text the API stores about them. Their application ends REJECTED.
   */
  async function markedCandidate(who: string, phone: string, what: string) {
    const applied = await apply({
      fullName: `Ada ${who}`,
      email: `${who}@example.com`,
      phone: `+1 415 ${phone}`,
      links: [{ kind: 'GITHUB', url: `https://github.com/${who}` }],
      answers: [{ question: 'Why us?', answer: `Because ${what}` }],
      retentionConsent: true,
      selfIdentification: { gender: 'FEMALE', raceEthnicity: 'ASIAN', veteranStatus: 'DECLINE_TO_ANSWER' },
    });
    expect(applied.status).toBe(201);
    const applicationId = applied.body.applicationId as string;
    const candidateId = await candidateOf(applicationId);
    // An audit trail of several edits.
    await t.ok(
      `mutation($input: UpdateCandidateInput!) { updateCandidate(input: $input) { candidate { id } userErrors { code } } }`,
      {
        input: {
          id: candidateId,
          headline: `Engineer ${what}`,
          location: { city: `${who}ville`, country: 'DE' },
          education: [{ institution: `${what} University`, degree: 'MSc' }],
          certifications: [{ name: `${what} certificate` }],
          tags: [who],
        },
      },
    );
    await t.ok(
      `mutation($input: UpdateCandidateInput!) { updateCandidate(input: $input) { candidate { id } userErrors { code } } }`,
      { input: { id: candidateId, headline: `Staff engineer ${what}`, phone: `+1 416 ${phone}` } },
    );
    // A resume, read by the worker's job.
    const resume = await t.http
      .post(`/v1/candidates/${candidateId}/resumes`)
      .set('authorization', `Bearer ${t.adminToken}`)
      .attach('resume', pdfOf([[`Ada ${who}`, `Built ${what} pipelines with PyTorch`]]), 'cv.pdf');
    expect(resume.status).toBe(201);
    await waitUntil(async () => {
      const [row] = await t.sql(`SELECT status FROM resume WHERE id = $1`, [databaseId(resume.body.id)]);
      return row.status === 'PARSED';
    });
    await t.ok(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code } } }`,
      { input: { candidateId, body: `Met ${what} at NeurIPS` } },
    );
    const { interview } = await scheduleInterview(t, {
      applicationId,
      ...slot(-3),
      interviewerIds: [interviewer.id],
      location: `Room ${what}`,
    });
    const skills = await t.ok<any>(
      `query($id: ID!) { requisition(id: $id) { skills { skill { id name } } } }`,
      {
        id: requisition.id,
      },
    );
    const python = skills.requisition.skills.find((s: any) => s.skill.name === 'Python').skill.id;
    const scorecard = await saveScorecard(t, interviewer.token, {
      interviewId: interview.id,
      ratings: [{ skillId: python, rating: 3, note: `Rating ${what}` }],
      notes: `Scorecard ${what}`,
      overallRecommendation: 'YES',
      submit: true,
    });
    expect(scorecard.userErrors).toEqual([]);
    const moved = await moveApplication(t, {
      id: applicationId,
      stageId: requisition.stages[1].id,
      reason: `Moved ${what}`,
    });
    expect(moved.userErrors).toEqual([]);
    const offer = await t.ok<any>(
      `mutation($input: CreateOfferInput!) { createOffer(input: $input) { offer { id } userErrors { code } } }`,
      {
        input: {
          applicationId,
          baseSalary: { amount: 140000, currency: 'USD', period: 'YEAR' },
          startDate: '2027-02-01',
          expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
          approverIds: [recruiter.id],
        },
      },
    );
    const offerId = offer.createOffer.offer.id as string;
    await t.ok(
      `mutation($input: OfferInput!) { requestOfferApproval(input: $input) { userErrors { code } } }`,
      {
        input: { id: offerId },
      },
    );
    const declined = await t.gqlAs<any>(
      recruiter.token,
      `mutation($input: OfferDecisionInput!) { rejectOffer(input: $input) { userErrors { code } } }`,
      { input: { id: offerId, comment: `Comment ${what}` } },
    );
    expect(declined.errors ?? declined.data.rejectOffer.userErrors).toEqual([]);
    const rejected = await changeApplicationStatus(t, 'reject', {
      id: applicationId,
      reason: `Rejected ${what}`,
    });
    expect(rejected.userErrors).toEqual([]);
    return { candidateId, applicationId };
  }

  /** The person's events (their candidate, and every event that names them or their application), as stored. */
  const eventsAbout = (person: { candidateId: string; applicationId: string }) =>
    t.sql<{ type: string; data: unknown }>(
      `SELECT type, data FROM event
       WHERE aggregate_id = ANY($1::uuid[]) OR data->>'candidateId' = $2 OR data->>'applicationId' = $3
       ORDER BY position`,
      [[person.candidateId, person.applicationId].map(databaseId), person.candidateId, person.applicationId],
    );

  it('erases every marker of the person from every column of every schema, keeps the other candidate, reports and history', async () => {
    const [who, what, phone] = [marker(), marker(), digits()];
    const [otherWho, otherWhat, otherPhone] = [marker(), marker(), digits()];
    const person = await markedCandidate(who, phone, what);
    const other = await markedCandidate(otherWho, otherPhone, otherWhat);
    const markers = [who, what, phone];

    // The scan works: before erasure it finds each marker, in text, jsonb, bytea, arrays and the search document.
    const columns = await textColumns(t);
    expect(columns.some((c) => c.schema === 'graphile_worker')).toBe(true);
    const before = await findMarkers(t, [...markers, otherWho, otherWhat]);
    expect(before[who]).toEqual(
      expect.arrayContaining([
        'public.candidate.full_name',
        'public.candidate.email',
        'public.candidate.links',
        'public.candidate.tags',
        'public.candidate_search.document',
        'public.inbound_delivery.raw_body',
        'public.audit_entry.changes',
        'public.resume.text',
      ]),
    );
    expect(before[what]).toEqual(
      expect.arrayContaining([
        'public.candidate.headline',
        'public.candidate.education',
        'public.note.body',
        'public.scorecard.notes',
        'public.scorecard_rating.note',
        'public.interview.location',
        'public.stage_transition.reason',
        'public.application.rejection_reason',
        'public.offer_approval.comment',
        'public.event.data',
        'public.resume_skill.evidence',
      ]),
    );
    expect(before[phone]).toEqual(expect.arrayContaining(['public.candidate.phone']));

    // Self-identification and consent hold no marker text, so the scan cannot see them: checked by row.
    const privateRows = (candidateId: string) =>
      t.sql(
        `SELECT (SELECT count(*)::int FROM eeo_self_identification WHERE candidate_id = c.id) AS eeo,
                c.consent_given_at IS NOT NULL OR c.consent_source IS NOT NULL AS consent
         FROM candidate c WHERE c.id = $1`,
        [databaseId(candidateId)],
      );
    expect(await privateRows(person.candidateId)).toEqual([{ eeo: 1, consent: true }]);

    const funnel = await t.ok<any>(FUNNEL, { id: requisition.id });
    const report = await t.ok<any>(REPORT, { filter: { requisitionIds: [requisition.id] } });
    const historyCount = await t.sql(
      `SELECT count(*)::int AS n FROM stage_transition WHERE application_id = $1`,
      [databaseId(person.applicationId)],
    );

    const [offer] = await t.sql(`SELECT id FROM offer WHERE candidate_id = $1`, [
      databaseId(person.candidateId),
    ]);
    const offerId = makeGlobalId('Offer', offer.id as string);
    const listsOf = async () => {
      const offers = await t.ok<any>(
        `query($r: ID!) { offers(first: 100, requisitionId: $r) { edges { node { id } } } }`,
        {
          r: requisition.id,
        },
      );
      const interviews = await t.gqlAs<any>(
        interviewer.token,
        `{ viewer { interviews(first: 100) { totalCount edges { node { application { id } } } } } }`,
      );
      expect(interviews.errors).toBeUndefined();
      return {
        offers: offers.offers.edges.map((e: any) => e.node.id as string),
        interviews: interviews.data.viewer.interviews.edges.map((e: any) => e.node.application.id as string),
      };
    };
    const listedBefore = await listsOf();
    expect(listedBefore.offers).toContain(offerId);
    expect(listedBefore.interviews).toContain(person.applicationId);

    const erased = await erase(person.candidateId);
    expect(erased.data.eraseCandidate).toEqual({ erasedCandidateId: person.candidateId, userErrors: [] });
    // Their offers and interviews leave the lists (and node) with them; the other candidate's stay.
    const listedAfter = await listsOf();
    expect(listedAfter.offers).not.toContain(offerId);
    expect(listedAfter.interviews).not.toContain(person.applicationId);
    expect(listedAfter.interviews).toContain(other.applicationId);
    expect((await t.ok<any>(`query($id: ID!) { node(id: $id) { id } }`, { id: offerId })).node).toBeNull();

    expect(await privateRows(other.candidateId)).toEqual([{ eeo: 1, consent: true }]);
    expect(await privateRows(person.candidateId)).toEqual([{ eeo: 0, consent: false }]);

    const after = await findMarkers(t, [...markers, otherWho, otherWhat]);
    expect({ [who]: after[who], [what]: after[what], [phone]: after[phone] }).toEqual({
      [who]: [],
      [what]: [],
      [phone]: [],
    });
    // The other candidate keeps all of theirs.
    expect(after[otherWho]).toEqual(before[otherWho]);
    expect(after[otherWhat]).toEqual(before[otherWhat]);
    const kept = await t.ok<any>(`query($id: ID!) { candidate(id: $id) { fullName email resumes { id } } }`, {
      id: other.candidateId,
    });
    expect(kept.candidate).toMatchObject({ fullName: `Ada ${otherWho}`, email: `${otherWho}@example.com` });
    expect(kept.candidate.resumes).toHaveLength(1);

    // The funnel and the source report read the same; the history is still there.
    expect(await t.ok<any>(FUNNEL, { id: requisition.id })).toEqual(funnel);
    expect(await t.ok<any>(REPORT, { filter: { requisitionIds: [requisition.id] } })).toEqual(report);
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM stage_transition WHERE application_id = $1`, [
        databaseId(person.applicationId),
      ]),
    ).toEqual(historyCount);

    // The erasure's own audit entry names who erased whom by id, with the operator's reference.
    const [entry] = await t.sql(
      `SELECT actor, action, subject_ids, changes FROM audit_entry
       WHERE action = 'eraseCandidate' AND $1 = ANY(subject_ids)`,
      [databaseId(person.candidateId)],
    );
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^user:/),
      subject_ids: [databaseId(person.candidateId)],
      changes: { reason: { before: null, after: 'TICKET-1234' } },
    });
    // The redacted entries kept their keys.
    const redacted = await t.sql(
      `SELECT changes FROM audit_entry WHERE action = 'updateCandidate' AND $1 = ANY(subject_ids)`,
      [databaseId(person.candidateId)],
    );
    expect(redacted.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(redacted[0].changes).length).toBeGreaterThan(0);
    for (const value of Object.values(redacted[0].changes)) {
      expect(value).toEqual({ before: '[erased]', after: '[erased]' });
    }
  });

  it('events and webhook bodies never carry the name or e-mail, and candidate.erased tells integrators', async () => {
    const [who, what, phone] = [marker(), marker(), digits()];
    const person = await markedCandidate(who, phone, what);
    await erase(person.candidateId);
    // Every event type the API emitted for the person, delivered to the catch-all subscription.
    const types = new Set((await eventsAbout(person)).map((e) => e.type));
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'application.created',
        'application.stage_changed',
        'application.status_changed',
        'candidate.created',
        'candidate.erased',
        'candidate.updated',
        'interview.scheduled',
        'note.created',
        'offer.created',
        'offer.rescinded',
        'scorecard.submitted',
      ]),
    );
    const ofPerson = () =>
      receiver
        .for('/everything')
        .filter(
          (w) =>
            w.payload.data.candidateId === person.candidateId ||
            w.payload.data.applicationId === person.applicationId,
        );
    await receiver.waitFor(() => ofPerson().some((w) => w.payload.type === 'candidate.erased'), 30_000);
    await receiver.waitFor(() => new Set(ofPerson().map((w) => w.payload.type)).size >= types.size, 30_000);
    const bodies = ofPerson().map((w) => w.body.toLowerCase());
    expect(bodies.length).toBeGreaterThanOrEqual(types.size);
    for (const value of [who, phone, `${who}@example.com`]) {
      expect(bodies.filter((body) => body.includes(value))).toEqual([]);
      const stored = (await eventsAbout(person)).filter((e) => JSON.stringify(e.data).includes(value));
      expect(stored).toEqual([]);
    }
    const erasedEvent = ofPerson().find((w) => w.payload.type === 'candidate.erased')!;
    expect(Object.keys(erasedEvent.payload.data).sort()).toEqual(['candidateId', 'eventId', 'sequence']);
  });

  it('the erased candidate is gone from node, candidate, lists and search; their applications from node and lists', async () => {
    const who = marker();
    const candidate = await createCandidate(t, { fullName: `Grace ${who}`, email: `${who}@example.com` });
    const application = await createApplication(t, candidate.id, requisition.id);
    await changeApplicationStatus(t, 'withdraw', { id: application.id, reason: 'Took another offer' });
    expect((await erase(candidate.id)).data.eraseCandidate.userErrors).toEqual([]);

    const read = await t.ok<any>(
      `query($c: ID!, $a: ID!, $search: String!, $r: ID!) {
         node(id: $c) { id } candidate(id: $c) { id } application(id: $a) { id } apps: node(id: $a) { id }
         candidates(first: 100, filter: { search: $search }) { totalCount edges { node { id } } }
         requisition(id: $r) { applications(first: 100) { edges { node { id } } } } }`,
      { c: candidate.id, a: application.id, search: who, r: requisition.id },
    );
    expect(read).toMatchObject({ node: null, candidate: null, application: null, apps: null });
    expect(read.candidates).toEqual({ totalCount: 0, edges: [] });
    expect(read.requisition.applications.edges.map((e: any) => e.node.id)).not.toContain(application.id);
    const erasedSearch = await t.ok<any>(
      `{ candidates(first: 100, filter: { search: "Erased candidate" }) { edges { node { id } } } }`,
    );
    expect(erasedSearch.candidates.edges.map((e: any) => e.node.id)).not.toContain(candidate.id);

    // Nothing can be written about them any more.
    const update = await t.gql<any>(
      `mutation($input: UpdateCandidateInput!) { updateCandidate(input: $input) { userErrors { code } } }`,
      { input: { id: candidate.id, headline: 'Back again' } },
    );
    expect(update.data.updateCandidate.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
    const note = await t.gql<any>(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { userErrors { code } } }`,
      { input: { candidateId: candidate.id, body: 'About them' } },
    );
    expect(note.data.addNote.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const reopen = await changeApplicationStatus(t, 'reopen', { id: application.id });
    expect(reopen.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const upload = await t.http
      .post(`/v1/candidates/${candidate.id}/resumes`)
      .set('authorization', `Bearer ${t.adminToken}`)
      .attach('resume', pdfOf([['Grace', 'PyTorch']]), 'cv.pdf');
    expect(upload.status).toBe(404);

    // The same e-mail later is a new person: createCandidate and the career page both make one, no duplicate.
    const again = await createCandidate(t, { email: `${who}@example.com` });
    expect(again.id).not.toBe(candidate.id);
    const applied = await apply({ fullName: 'Grace Again', email: `${who.toUpperCase()}@Example.com` });
    expect(applied.status).toBe(201);
    expect(await candidateOf(applied.body.applicationId)).toBe(again.id);
  });

  describe('bad input writes nothing', () => {
    const written = async () => {
      const [row] = await t.sql(
        `SELECT (SELECT count(*)::int FROM audit_entry) AS audit, (SELECT count(*)::int FROM event) AS events,
                (SELECT count(*)::int FROM candidate WHERE erased_at IS NOT NULL) AS erased`,
      );
      return row;
    };
    let rejectedCandidate: string;

    beforeAll(async () => {
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      await changeApplicationStatus(t, 'reject', { id: application.id, reason: 'Not now' });
      rejectedCandidate = candidate.id;
    });

    it.each([
      [
        'an unknown id',
        () => makeGlobalId('Candidate', '00000000-0000-4000-8000-000000000000'),
        'NOT_FOUND',
        'T-1',
      ],
      ['an id of another type', () => requisition.id, 'NOT_FOUND', 'T-1'],
      ['a blank reason', () => rejectedCandidate, 'INVALID_INPUT', '   '],
      ['an oversized reason', () => rejectedCandidate, 'INVALID_INPUT', 'x'.repeat(201)],
    ])('refuses %s', async (_name, id, code, reason) => {
      const before = await written();
      const response = await erase(id(), reason);
      expect(response.data.eraseCandidate.userErrors).toEqual([
        expect.objectContaining({ code, field: expect.arrayContaining(['input']) }),
      ]);
      expect(response.data.eraseCandidate.erasedCandidateId).toBeNull();
      expect(await written()).toEqual(before);
    });

    it('refuses a candidate with an ACTIVE application, naming it', async () => {
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const before = await written();
      const response = await erase(candidate.id);
      expect(response.data.eraseCandidate.userErrors).toEqual([
        {
          code: 'CANDIDATE_HAS_ACTIVE_APPLICATION',
          field: ['input', 'id'],
          message: expect.any(String),
          existingId: application.id,
        },
      ]);
      expect(await written()).toEqual(before);
      expect(
        (await t.ok<any>(`query($id: ID!) { candidate(id: $id) { id } }`, { id: candidate.id })).candidate,
      ).not.toBeNull();
    });

    it('refuses an already erased candidate as not found', async () => {
      const candidate = await createCandidate(t);
      expect((await erase(candidate.id)).data.eraseCandidate.userErrors).toEqual([]);
      const before = await written();
      const again = await erase(candidate.id);
      expect(again.data.eraseCandidate.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      expect(await written()).toEqual(before);
    });

    it('answers FORBIDDEN to every role but admin and to keys without candidates:erase; a candidates:erase key erases', async () => {
      const key = async (scopes: string[]) =>
        (
          await t.ok<any>(
            `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
            { input: { name: `k-${scopes.join('-')}`, scopes } },
          )
        ).createApiKey.secret as string;
      const callers = [
        (await t.userWithRole('RECRUITER')).token,
        (await t.userWithRole('HIRING_MANAGER')).token,
        interviewer.token,
        await key(['candidates:read', 'candidates:write']),
      ];
      for (const credential of callers) {
        const before = await written();
        const response = await erase(rejectedCandidate, 'TICKET-9', credential);
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(response.data?.eraseCandidate ?? null).toBeNull();
        const due = await t.gqlAs<any>(credential, DUE, { first: 5 });
        expect(due.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(await written()).toEqual(before);
      }
      const eraser = await key(['candidates:erase']);
      const done = await erase(rejectedCandidate, 'TICKET-10', eraser);
      expect(done.data.eraseCandidate).toEqual({ erasedCandidateId: rejectedCandidate, userErrors: [] });
      const [entry] = await t.sql(
        `SELECT actor FROM audit_entry WHERE action = 'eraseCandidate' AND $1 = ANY(subject_ids)`,
        [databaseId(rejectedCandidate)],
      );
      expect(entry.actor).toMatch(/^api_key:/);
    });
  });

  describe('the audit log stays append-only', () => {
    it('refuses UPDATE and DELETE without the redaction setting, and a redaction that changes more than values', async () => {
      const [entry] = await t.sql(
        `SELECT id FROM audit_entry WHERE changes <> '{}' ORDER BY occurred_at LIMIT 1`,
      );
      await expect(t.sql(`UPDATE audit_entry SET ip = NULL WHERE id = $1`, [entry.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.sql(`DELETE FROM audit_entry WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
      const inRedaction = (statement: string) =>
        t.dataSource.transaction(async (manager) => {
          await manager.query(`SELECT set_config('requisite.audit_redaction', 'on', true)`);
          await manager.query(statement, [entry.id]);
        });
      await expect(inRedaction(`UPDATE audit_entry SET action = 'other' WHERE id = $1`)).rejects.toThrow(
        /redaction/,
      );
      await expect(inRedaction(`UPDATE audit_entry SET changes = '{}' WHERE id = $1`)).rejects.toThrow(
        /redaction/,
      );
      await expect(
        inRedaction(`UPDATE audit_entry SET changes = jsonb_set(changes, '{x}', '1') WHERE id = $1`),
      ).rejects.toThrow(/redaction/);
      await expect(inRedaction(`DELETE FROM audit_entry WHERE id = $1`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    });
  });

  describe('retention', () => {
    it('lists and erases the candidates past retainUntil, not those with an ACTIVE or HIRED application', async () => {
      const [who, what, phone] = [marker(), marker(), digits()];
      const due = await markedCandidate(who, phone, what);
      const active = await createCandidate(t);
      await createApplication(t, active.id, requisition.id);
      const hired = await createCandidate(t);
      const hiredApplication = await createApplication(t, hired.id, requisition.id);
      // Hiring goes through offers; here only the status matters to the predicate.
      await t.sql(`UPDATE application SET status = 'HIRED' WHERE id = $1`, [databaseId(hiredApplication.id)]);
      const past = new Date(Date.now() - 86_400_000);
      await t.sql(`UPDATE candidate SET retain_until = $2 WHERE id = ANY($1::uuid[])`, [
        [due.candidateId, active.id, hired.id].map(databaseId),
        past,
      ]);

      const listed: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await t.ok<any>(DUE, { first: 2, after })).candidatesDueForErasure;
        listed.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(listed).toContain(due.candidateId);
      expect(listed).not.toContain(active.id);
      expect(listed).not.toContain(hired.id);
      expect(new Set(listed).size).toBe(listed.length);

      expect((await findMarkers(t, [who, what]))[what]).not.toEqual([]);
      const erased = await t.app.get(CandidateRetentionJob).run(2, 1000);
      expect(erased).toBeGreaterThanOrEqual(1);
      expect(await findMarkers(t, [who, what, phone])).toEqual({ [who]: [], [what]: [], [phone]: [] });

      const states = await t.sql(
        `SELECT id, erased_at IS NOT NULL AS erased FROM candidate WHERE id = ANY($1::uuid[]) ORDER BY id`,
        [[due.candidateId, active.id, hired.id].map(databaseId)],
      );
      expect(Object.fromEntries(states.map((s: any) => [s.id, s.erased]))).toEqual({
        [databaseId(due.candidateId)]: true,
        [databaseId(active.id)]: false,
        [databaseId(hired.id)]: false,
      });
      const [entry] = await t.sql(
        `SELECT actor, actor_id FROM audit_entry WHERE action = 'eraseCandidate' AND $1 = ANY(subject_ids)`,
        [databaseId(due.candidateId)],
      );
      expect(entry).toEqual({ actor: 'retention', actor_id: null });
      expect((await t.ok<any>(DUE, { first: 100 })).candidatesDueForErasure.edges).not.toContainEqual({
        node: { id: due.candidateId },
      });
    });

    it('schedules the daily retention job with the worker', async () => {
      expect(
        await t.sql(`SELECT identifier FROM graphile_worker._private_known_crontabs WHERE identifier = $1`, [
          'privacy.erase_due_candidates',
        ]),
      ).toEqual([{ identifier: 'privacy.erase_due_candidates' }]);
    });
  });
});
