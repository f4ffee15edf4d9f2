import { changeApplicationStatus, countRows, databaseId, eventsOf, makeGlobalId } from '../factories';
import {
  applicationOn,
  createEvaluationWorld,
  EvaluationWorld,
  INTERVIEW_FIELDS,
  scheduleInterview,
  slot,
} from '../factories/evaluation';
import { createTestApp, TestApp } from '../support/test-app';
import { randomUUID } from 'node:crypto';

const RESCHEDULE = `mutation($input: RescheduleInterviewInput!) { rescheduleInterview(input: $input) {
  interview { ${INTERVIEW_FIELDS} } userErrors { code field message existingId } } }`;
const CANCEL = `mutation($input: CancelInterviewInput!) { cancelInterview(input: $input) {
  interview { id status version cancelReason } userErrors { code field message } } }`;
const NO_SHOW = `mutation($input: MarkInterviewNoShowInput!) { markInterviewNoShow(input: $input) {
  interview { id status version } userErrors { code field message } } }`;

/** Row counts of everything scheduling writes: a refused mutation leaves them as they were. */
async function evaluationCounts(t: TestApp) {
  const tables = ['interview', 'interview_interviewer', 'event', 'audit_entry'];
  return Object.fromEntries(
    await Promise.all(tables.map(async (table) => [table, await countRows(t, table)])),
  );
}

describe('interviews (GraphQL)', () => {
  let t: TestApp;
  let w: EvaluationWorld;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    w = await createEvaluationWorld(t);
  });
  afterAll(() => t.close());

  it('schedules an interview with a rubric narrowed to its focus skills, an event and an audit entry', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const times = slot(24);
    const result = await scheduleInterview(t, {
      applicationId: application.id,
      kind: 'ML_SYSTEM_DESIGN',
      ...times,
      timeZone: 'America/New_York',
      interviewerIds: [w.interviewers[0].id, w.interviewers[1].id],
      location: 'Room 4.02, Mission St',
      videoUrl: 'https://meet.example.com/abc-def',
      focusSkillIds: [w.skills.PyTorch, w.skills.Kubernetes],
    });
    expect(result.userErrors).toEqual([]);
    expect(result.interview).toEqual({
      id: expect.any(String),
      kind: 'ML_SYSTEM_DESIGN',
      status: 'SCHEDULED',
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      timeZone: 'America/New_York',
      location: 'Room 4.02, Mission St',
      videoUrl: 'https://meet.example.com/abc-def',
      version: 1,
      cancelReason: null,
      interviewers: [{ id: w.interviewers[0].id }, { id: w.interviewers[1].id }],
      stage: { id: application.stage.id, name: 'Applied' },
      application: { id: application.id },
      rubric: [
        { skill: { name: 'PyTorch' }, importance: 'REQUIRED', minYears: null },
        { skill: { name: 'Kubernetes' }, importance: 'PREFERRED', minYears: null },
      ],
    });
    const events = await eventsOf(t, result.interview.id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'interview.scheduled',
        aggregateType: 'interview',
        sequence: 1,
        data: expect.objectContaining({
          interviewId: result.interview.id,
          applicationId: application.id,
          requisitionId: w.requisition.id,
          interviewerIds: [w.interviewers[0].id, w.interviewers[1].id],
          startsAt: times.startsAt,
        }),
      }),
    ]);
    // Ids and times only: no location, no link, no free text.
    expect(JSON.stringify(events[0].data)).not.toMatch(/Mission|meet\.example/);
    // The feed's events name the interview by its global id.
    const [event] = await t.sql(`SELECT id FROM event WHERE aggregate_id = $1`, [
      databaseId(result.interview.id),
    ]);
    const fed = await t.ok<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { aggregateType aggregateId } } }`,
      {
        id: makeGlobalId('Event', event.id),
      },
    );
    expect(fed.node).toEqual({ aggregateType: 'interview', aggregateId: result.interview.id });
    const [audit] = await t.sql(`SELECT action FROM audit_entry WHERE $1 = ANY(subject_ids)`, [
      databaseId(result.interview.id),
    ]);
    expect(audit).toEqual({ action: 'scheduleInterview' });

    // Without focus skills the rubric is every skill of the requisition, in its order.
    const all = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(30),
      interviewerIds: [w.interviewers[0].id],
    });
    expect(all.interview.rubric.map((r: any) => r.skill.name)).toEqual(['Python', 'PyTorch', 'Kubernetes']);
    expect(all.interview.rubric[0]).toEqual({
      skill: { name: 'Python' },
      importance: 'REQUIRED',
      minYears: 3,
    });
  });

  it.each([
    ['endsAt before startsAt', { startsAt: slot(48).endsAt, endsAt: slot(48).startsAt }, ['input', 'endsAt']],
    [
      'endsAt equal to startsAt',
      { startsAt: slot(48).startsAt, endsAt: slot(48).startsAt },
      ['input', 'endsAt'],
    ],
    ['longer than 8 hours', slot(48, 8.5), ['input', 'endsAt']],
    ['an unknown zone', { ...slot(48), timeZone: 'Mars/Olympus_Mons' }, ['input', 'timeZone']],
    ['an offset instead of a zone', { ...slot(48), timeZone: '+02:00' }, ['input', 'timeZone']],
    [
      'a plain-http video link',
      { ...slot(48), videoUrl: 'http://meet.example.com/x' },
      ['input', 'videoUrl'],
    ],
    ['a video link that is no URL', { ...slot(48), videoUrl: 'javascript:alert(1)' }, ['input', 'videoUrl']],
    ['no interviewer', { ...slot(48), interviewerIds: [] }, ['input', 'interviewerIds']],
    ['an interviewer twice', { ...slot(48), twice: true }, ['input', 'interviewerIds', '1']],
    [
      'a focus skill the requisition does not ask for',
      { ...slot(48), foreignFocus: true },
      ['input', 'focusSkillIds', '0'],
    ],
  ])('%s is INVALID_INPUT naming the field, and nothing is written', async (_title, overrides, field) => {
    const { application } = await applicationOn(t, w.requisition.id);
    const { twice, foreignFocus, ...input } = overrides as Record<string, unknown>;
    const before = await evaluationCounts(t);
    const result = await scheduleInterview(t, {
      applicationId: application.id,
      interviewerIds: twice ? [w.interviewers[2].id, w.interviewers[2].id] : [w.interviewers[2].id],
      ...(foreignFocus ? { focusSkillIds: [makeGlobalId('Skill', randomUUID())] } : {}),
      ...input,
    });
    expect(result.interview).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field })]);
    expect(await evaluationCounts(t)).toEqual(before);
  });

  it('refuses interviewers who are not on the hiring team, and applications that are not ACTIVE', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const before = await evaluationCounts(t);
    const outsider = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(50),
      interviewerIds: [w.interviewers[0].id, w.outsider.id],
    });
    expect(outsider.userErrors).toEqual([
      expect.objectContaining({
        code: 'INTERVIEWER_NOT_ON_TEAM',
        field: ['input', 'interviewerIds', '1'],
        existingId: w.outsider.id,
      }),
    ]);
    expect(await evaluationCounts(t)).toEqual(before);
    await changeApplicationStatus(t, 'reject', { id: application.id, reason: 'Not now' });
    const afterRejection = await evaluationCounts(t);
    const rejected = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(50),
      interviewerIds: [w.interviewers[0].id],
    });
    expect(rejected.userErrors).toEqual([
      expect.objectContaining({ code: 'APPLICATION_NOT_ACTIVE', field: ['input', 'applicationId'] }),
    ]);
    const missing = await scheduleInterview(t, {
      applicationId: makeGlobalId('Application', randomUUID()),
      ...slot(50),
      interviewerIds: [w.interviewers[0].id],
    });
    expect(missing.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'applicationId'] }),
    ]);
    expect(await evaluationCounts(t)).toEqual(afterRejection);
  });

  it('never double-books an interviewer: an overlapping interview is INTERVIEWER_UNAVAILABLE naming them', async () => {
    const [a, b] = [await applicationOn(t, w.requisition.id), await applicationOn(t, w.requisition.id)];
    const first = await scheduleInterview(t, {
      applicationId: a.application.id,
      ...slot(100, 1),
      interviewerIds: [w.interviewers[0].id],
    });
    expect(first.userErrors).toEqual([]);
    const before = await evaluationCounts(t);
    const overlapping = slot(100.5, 1);
    const refused = await scheduleInterview(t, {
      applicationId: b.application.id,
      ...overlapping,
      interviewerIds: [w.interviewers[1].id, w.interviewers[0].id],
    });
    expect(refused.userErrors).toEqual([
      {
        code: 'INTERVIEWER_UNAVAILABLE',
        field: ['input', 'interviewerIds', '1'],
        message: 'Test interviewer has another interview at that time.',
        existingId: w.interviewers[0].id,
      },
    ]);
    expect(await evaluationCounts(t)).toEqual(before);
    // Back to back is not an overlap: ranges are [start, end).
    const adjacent = await scheduleInterview(t, {
      applicationId: b.application.id,
      ...slot(101, 1),
      interviewerIds: [w.interviewers[0].id],
    });
    expect(adjacent.userErrors).toEqual([]);
  });

  it('16 parallel scheduleInterview calls for the same interviewer and slot: exactly one succeeds', async () => {
    const applications = await Promise.all(
      Array.from({ length: 16 }, () => applicationOn(t, w.requisition.id)),
    );
    const times = slot(200, 1);
    const interviewer = w.interviewers[2];
    const results = await Promise.all(
      applications.map(({ application }) =>
        scheduleInterview(t, { applicationId: application.id, ...times, interviewerIds: [interviewer.id] }),
      ),
    );
    const succeeded = results.filter((r) => r.interview !== null);
    const refused = results.filter((r) => r.interview === null);
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.userErrors).toEqual([
        expect.objectContaining({
          code: 'INTERVIEWER_UNAVAILABLE',
          field: ['input', 'interviewerIds', '0'],
          existingId: interviewer.id,
        }),
      ]);
    }
    const [row] = await t.sql(
      `SELECT count(*)::int AS n FROM interview_interviewer WHERE user_id = $1 AND starts_at = $2`,
      [databaseId(interviewer.id), times.startsAt],
    );
    expect(row.n).toBe(1);
  });

  it('the database itself refuses overlapping SCHEDULED rows of one interviewer (the exclusion constraint)', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const scheduled = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(300),
      interviewerIds: [w.interviewers[1].id],
    });
    const [row] = await t.sql(`SELECT * FROM interview_interviewer WHERE interview_id = $1`, [
      databaseId(scheduled.interview.id),
    ]);
    const other = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(310),
      interviewerIds: [w.interviewers[2].id],
    });
    await expect(
      t.sql(
        `INSERT INTO interview_interviewer (interview_id, user_id, starts_at, ends_at, status)
         VALUES ($1, $2, $3::timestamptz + interval '10 minutes', $4, 'SCHEDULED')`,
        [databaseId(other.interview.id), row.user_id, row.starts_at, row.ends_at],
      ),
    ).rejects.toThrow(/interview_interviewer_no_double_booking/);
    // A cancelled one blocks nothing.
    await t.sql(
      `INSERT INTO interview_interviewer (interview_id, user_id, starts_at, ends_at, status)
       VALUES ($1, $2, $3, $4, 'CANCELLED')`,
      [databaseId(other.interview.id), row.user_id, row.starts_at, row.ends_at],
    );
  });

  it('reschedules with expectedVersion (stale → STALE_VERSION), checks the new slot, and cancelling frees it', async () => {
    const [a, b] = [await applicationOn(t, w.requisition.id), await applicationOn(t, w.requisition.id)];
    const one = await scheduleInterview(t, {
      applicationId: a.application.id,
      ...slot(400),
      interviewerIds: [w.interviewers[0].id],
    });
    const two = await scheduleInterview(t, {
      applicationId: b.application.id,
      ...slot(402),
      interviewerIds: [w.interviewers[0].id],
    });
    const stale = await t.gql(RESCHEDULE, {
      input: { id: one.interview.id, ...slot(410), expectedVersion: 7 },
    });
    expect(stale.data.rescheduleInterview.userErrors).toEqual([
      expect.objectContaining({ code: 'STALE_VERSION', field: ['input', 'expectedVersion'] }),
    ]);
    const clash = await t.gql(RESCHEDULE, {
      input: { id: one.interview.id, ...slot(402.5), expectedVersion: 1 },
    });
    expect(clash.data.rescheduleInterview.userErrors).toEqual([
      expect.objectContaining({ code: 'INTERVIEWER_UNAVAILABLE', existingId: w.interviewers[0].id }),
    ]);
    // Moving within its own slot does not collide with itself.
    const nudged = slot(400.25);
    const moved = await t.gql(RESCHEDULE, {
      input: {
        id: one.interview.id,
        ...nudged,
        expectedVersion: 1,
        interviewerIds: [w.interviewers[0].id, w.interviewers[1].id],
      },
    });
    expect(moved.data.rescheduleInterview.userErrors).toEqual([]);
    expect(moved.data.rescheduleInterview.interview).toMatchObject({
      startsAt: nudged.startsAt,
      version: 2,
      interviewers: [{ id: w.interviewers[0].id }, { id: w.interviewers[1].id }],
    });
    const cancelled = await t.gql(CANCEL, {
      input: { id: two.interview.id, reason: 'Candidate asked to move it', expectedVersion: 1 },
    });
    expect(cancelled.data.cancelInterview).toEqual({
      interview: {
        id: two.interview.id,
        status: 'CANCELLED',
        version: 2,
        cancelReason: 'Candidate asked to move it',
      },
      userErrors: [],
    });
    const intoFreedSlot = await t.gql(RESCHEDULE, { input: { id: one.interview.id, ...slot(402) } });
    expect(intoFreedSlot.data.rescheduleInterview.userErrors).toEqual([]);
    const again = await t.gql(CANCEL, { input: { id: two.interview.id } });
    expect(again.data.cancelInterview.userErrors).toEqual([
      expect.objectContaining({ code: 'INTERVIEW_NOT_SCHEDULED', field: ['input', 'id'] }),
    ]);
    expect((await eventsOf(t, one.interview.id)).map((e) => [e.type, e.sequence])).toEqual([
      ['interview.scheduled', 1],
      ['interview.rescheduled', 2],
      ['interview.rescheduled', 3],
    ]);
    const events = await eventsOf(t, two.interview.id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['interview.scheduled', 1],
      ['interview.cancelled', 2],
    ]);
    expect(JSON.stringify(events[1].data)).not.toContain('Candidate asked');
  });

  it('a no-show is recorded once the interview should have begun', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const future = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(500),
      interviewerIds: [w.interviewers[1].id],
    });
    const early = await t.gql(NO_SHOW, { input: { id: future.interview.id } });
    expect(early.data.markInterviewNoShow.userErrors).toEqual([
      expect.objectContaining({ code: 'INTERVIEW_NOT_SCHEDULED' }),
    ]);
    const past = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(-3),
      interviewerIds: [w.interviewers[1].id],
    });
    const noShow = await t.gql(NO_SHOW, { input: { id: past.interview.id, expectedVersion: 1 } });
    expect(noShow.data.markInterviewNoShow).toEqual({
      interview: { id: past.interview.id, status: 'NO_SHOW', version: 2 },
      userErrors: [],
    });
  });

  it('lists the application’s interviews and refetches them by node(id)', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const later = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(610),
      interviewerIds: [w.interviewers[0].id],
    });
    const sooner = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(600),
      interviewerIds: [w.interviewers[1].id],
    });
    const data = await t.ok<any>(
      `query($a: ID!, $i: ID!) { application(id: $a) { interviews { id } } node(id: $i) { id ... on Interview { kind } } interview(id: $i) { id } }`,
      { a: application.id, i: later.interview.id },
    );
    expect(data.application.interviews).toEqual([{ id: sooner.interview.id }, { id: later.interview.id }]);
    expect(data.node).toEqual({ id: later.interview.id, kind: 'CODING' });
    expect(data.interview).toEqual({ id: later.interview.id });
  });

  it('viewer.interviews lists the caller’s own interviews soonest first, in keyset pages, within from/to', async () => {
    const me = await t.userWithRole('INTERVIEWER');
    await t.ok(
      `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code } } }`,
      { input: { requisitionId: w.requisition.id, userId: me.id, role: 'INTERVIEWER' } },
    );
    const { application } = await applicationOn(t, w.requisition.id);
    const ids: string[] = [];
    for (const hours of [720, 700, 710, 730]) {
      const r = await scheduleInterview(t, {
        applicationId: application.id,
        ...slot(hours),
        interviewerIds: [me.id],
      });
      ids[hours] = r.interview.id;
    }
    const page = (after: string | null, extra = '') =>
      t.gqlAs<any>(
        me.token,
        `query($after: String) { viewer { interviews(first: 2, after: $after${extra}) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
    const first = (await page(null)).data.viewer.interviews;
    expect(first.totalCount).toBe(4);
    expect(first.edges.map((e: any) => e.node.id)).toEqual([ids[700], ids[710]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).data.viewer.interviews;
    expect(second.edges.map((e: any) => e.node.id)).toEqual([ids[720], ids[730]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const window = `, from: "${slot(705).startsAt}", to: "${slot(725).startsAt}"`;
    const within = (await page(null, window)).data.viewer.interviews;
    expect(within.totalCount).toBe(2);
    expect(within.edges.map((e: any) => e.node.id)).toEqual([ids[710], ids[720]]);
    // Someone else's interviews are not the caller's.
    const other = await t.gqlAs<any>(
      w.interviewers[1].token,
      `{ viewer { interviews(first: 100) { edges { node { id } } } } }`,
    );
    expect(other.data.viewer.interviews.edges.map((e: any) => e.node.id)).not.toContain(ids[700]);
  });
});
