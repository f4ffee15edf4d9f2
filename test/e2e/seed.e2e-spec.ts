import { UserRole } from '../../src/identity/identity.enums';
import { DEMO_USERS } from '../../src/seed/seed-demo-users';
import {
  DEMO_DEPARTMENT,
  DEMO_EMAIL_DOMAIN,
  DEMO_REQUISITION_TITLES,
  seedDemoData,
  SeedSummary,
} from '../../src/seed/seed-demo-data';
import { makeGlobalId } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const DAY_MS = 86_400_000;

/**
 * The database is shared with the other test files of the run, so every count here is scoped to what the seed
 * owns: its requisitions (by title and department), its candidates (by e-mail domain) and what hangs off them.
 */
const SCOPE = `
  WITH reqs AS (SELECT id FROM requisition WHERE department = $1 AND title = ANY($2::text[])),
       cands AS (SELECT id FROM candidate WHERE lower(email) LIKE '%@' || $3),
       apps AS (SELECT id FROM application WHERE requisition_id IN (SELECT id FROM reqs))`;

const SCOPED_COUNTS: Record<string, string> = {
  requisition: 'SELECT count(*) FROM reqs',
  requisition_skill: 'SELECT count(*) FROM requisition_skill WHERE requisition_id IN (SELECT id FROM reqs)',
  pipeline_stage: 'SELECT count(*) FROM pipeline_stage WHERE requisition_id IN (SELECT id FROM reqs)',
  candidate: 'SELECT count(*) FROM cands',
  candidate_skill: 'SELECT count(*) FROM candidate_skill WHERE candidate_id IN (SELECT id FROM cands)',
  application: 'SELECT count(*) FROM apps',
  stage_transition: 'SELECT count(*) FROM stage_transition WHERE application_id IN (SELECT id FROM apps)',
  event: `SELECT count(*) FROM event
          WHERE aggregate_id IN (SELECT id FROM reqs UNION ALL SELECT id FROM cands UNION ALL SELECT id FROM apps
            UNION ALL SELECT id FROM note WHERE application_id IN (SELECT id FROM apps))`,
  note: 'SELECT count(*) FROM note WHERE application_id IN (SELECT id FROM apps)',
  note_mention: `SELECT count(*) FROM note_mention
                 WHERE note_id IN (SELECT id FROM note WHERE application_id IN (SELECT id FROM apps))`,
  // Timestamps too: a second run must not re-backdate anything.
  timeline: `SELECT sum(extract(epoch FROM occurred_at)) FROM stage_transition
             WHERE application_id IN (SELECT id FROM apps)`,
};

describe('seed (npm run seed)', () => {
  let t: TestApp;
  let first: SeedSummary;
  const firstLog: string[] = [];
  const titles = Object.values(DEMO_REQUISITION_TITLES);
  const scopeParams = [DEMO_DEPARTMENT, titles, DEMO_EMAIL_DOMAIN];

  const scopedCounts = async (): Promise<Record<string, string>> => {
    const counts: Record<string, string> = {};
    for (const [name, query] of Object.entries(SCOPED_COUNTS)) {
      const [row] = await t.sql<{ value: string }>(`${SCOPE} SELECT (${query})::text AS value`, scopeParams);
      counts[name] = row.value;
    }
    return counts;
  };

  beforeAll(async () => {
    t = await createTestApp();
    first = await seedDemoData(t.app, (line) => firstLog.push(line));
  }, 180_000);
  afterAll(() => t.close());

  it('creates the three ML requisitions from the article, open, with skills, responsibilities and pay', async () => {
    expect(first.requisitions).toEqual({ total: 3, created: 3, existing: 0 });
    const requisitions = await t.sql(
      `SELECT id, title, level, status, headcount, hired_count, salary_min::float AS min, salary_max::float AS max,
              salary_currency AS currency, salary_period AS period, responsibilities,
              (SELECT array_agg(s.name ORDER BY rs.position) FROM requisition_skill rs JOIN skill s ON s.id = rs.skill_id
                WHERE rs.requisition_id = r.id) AS skills
       FROM requisition r WHERE department = $1 AND title = ANY($2::text[])`,
      [DEMO_DEPARTMENT, titles],
    );
    expect(requisitions.map((r) => r.title).sort()).toEqual([...titles].sort());
    const byTitle = new Map(requisitions.map((r) => [r.title, r]));
    const intern = byTitle.get(DEMO_REQUISITION_TITLES.intern);
    const mid = byTitle.get(DEMO_REQUISITION_TITLES.mid);
    const senior = byTitle.get(DEMO_REQUISITION_TITLES.senior);
    expect([intern.level, mid.level, senior.level]).toEqual(['INTERN', 'MID', 'SENIOR']);
    for (const requisition of requisitions) {
      expect(requisition.status).toBe('OPEN');
      expect(requisition.currency).toBe('USD');
      expect(requisition.responsibilities.length).toBeGreaterThanOrEqual(5);
      expect(requisition.skills.length).toBeGreaterThanOrEqual(10);
      expect(requisition.skills).toContain('Python');
      if (requisition.period === 'YEAR') {
        // The article: "ranges from $100,000 to $150,000 annually".
        expect(requisition.min).toBeGreaterThanOrEqual(100_000);
        expect(requisition.max).toBeLessThanOrEqual(150_000);
        expect(requisition.min).toBeLessThan(requisition.max);
      }
    }
    expect(['HOUR', 'MONTH']).toContain(intern.period);
    expect(mid.period).toBe('YEAR');
    expect(senior.period).toBe('YEAR');
    expect(senior.min).toBeGreaterThan(mid.min);
    expect(senior.max).toBeGreaterThanOrEqual(mid.max);
    expect(mid.skills).toEqual(
      expect.arrayContaining([
        'Linear regression',
        'Decision trees',
        'Neural networks',
        'Support vector machines',
        'PyTorch',
        'TensorFlow',
        'Keras',
        'Pandas',
        'NumPy',
        'SQL',
        'AWS',
        'GCP',
        'Azure',
        'Hadoop',
        'Spark',
        'Git',
        'Docker',
        'Kubernetes',
        'CI/CD',
        'Model monitoring',
        'Java',
        'C++',
        'R',
      ]),
    );
    expect(senior.skills).toEqual(expect.arrayContaining(['Recommender systems', 'Learning to rank']));
    // The one hire went to the mid-level role, whose headcount of two keeps it open.
    expect(mid.hired_count).toBe(1);

    // Hiring teams reshaped two pipelines through the stage use cases.
    const stages = await t.sql(
      `SELECT r.title, array_agg(s.name ORDER BY s.position) AS names FROM pipeline_stage s
       JOIN requisition r ON r.id = s.requisition_id
       WHERE r.department = $1 AND r.title = ANY($2::text[]) AND s.removed_at IS NULL GROUP BY r.title`,
      [DEMO_DEPARTMENT, titles],
    );
    const stageNames = new Map(stages.map((row) => [row.title, row.names]));
    expect(stageNames.get(DEMO_REQUISITION_TITLES.intern)).toContain('Take-home project');
    expect(stageNames.get(DEMO_REQUISITION_TITLES.intern)).not.toContain('ML system design');
    expect(stageNames.get(DEMO_REQUISITION_TITLES.senior)).toEqual([
      'Applied',
      'Recruiter screen',
      'Technical screen',
      'ML system design',
      'Ranking deep dive',
      'Onsite',
      'Offer',
      'Hired',
    ]);
  });

  it('creates about sixty candidates with skills, education, certifications and links', async () => {
    expect(first.candidates.created).toBe(first.candidates.total);
    const candidates = await t.sql(
      `SELECT c.email, c.education, c.certifications, c.links, c.consent_given_at, c.created_at,
              (SELECT count(*)::int FROM candidate_skill cs WHERE cs.candidate_id = c.id) AS skill_count
       FROM candidate c WHERE lower(c.email) LIKE '%@' || $1`,
      [DEMO_EMAIL_DOMAIN],
    );
    expect(candidates.length).toBeGreaterThanOrEqual(55);
    expect(new Set(candidates.map((c) => c.email.toLowerCase())).size).toBe(candidates.length);
    for (const candidate of candidates) {
      expect(candidate.skill_count).toBeGreaterThanOrEqual(4);
      expect(candidate.education.length).toBeGreaterThanOrEqual(1);
      for (const education of candidate.education) expect(['BSc', 'MSc', 'PhD']).toContain(education.degree);
      expect(candidate.consent_given_at).toEqual(candidate.created_at);
    }
    const degrees = new Set(candidates.flatMap((c) => c.education.map((e: { degree: string }) => e.degree)));
    expect([...degrees].sort()).toEqual(['BSc', 'MSc', 'PhD']);
    const certificates = candidates.flatMap((c) => c.certifications.map((x: { name: string }) => x.name));
    expect(certificates).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Google Cloud|AWS|Azure/),
        expect.stringMatching(/Specialization|Nanodegree/),
      ]),
    );
    const linkKinds = new Set(candidates.flatMap((c) => c.links.map((l: { kind: string }) => l.kind)));
    expect([...linkKinds]).toEqual(expect.arrayContaining(['GITHUB', 'KAGGLE', 'LINKEDIN']));
    // Every skill came from the taxonomy: the seed added no stray OTHER skills.
    const [stray] = await t.sql(
      `SELECT count(*)::int AS n FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id
       JOIN candidate c ON c.id = cs.candidate_id WHERE lower(c.email) LIKE '%@' || $1 AND s.category = 'OTHER'`,
      [DEMO_EMAIL_DOMAIN],
    );
    expect(stray.n).toBe(0);
  });

  it('spreads applications over the pipeline with full, backdated history', async () => {
    expect(first.applications).toMatchObject({
      created: first.applications.total,
      existing: 0,
      resumed: 0,
      skipped: 0,
    });
    const ids = Object.values(first.requisitionIds);
    const applications = await t.sql(
      `SELECT a.id, a.status, a.rejection_reason, a.source_kind, a.source_detail, a.applied_at, a.last_activity_at,
              a.event_sequence, s.name AS stage
       FROM application a JOIN pipeline_stage s ON s.id = a.stage_id WHERE a.requisition_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(applications.length).toBe(first.applications.total);
    expect(applications.length).toBeGreaterThanOrEqual(60);
    expect(new Set(applications.map((a) => a.stage)).size).toBeGreaterThanOrEqual(4);
    const byStatus = (status: string) => applications.filter((a) => a.status === status);
    expect(byStatus('REJECTED').length).toBeGreaterThanOrEqual(1);
    for (const rejected of byStatus('REJECTED'))
      expect(rejected.rejection_reason).toEqual(expect.any(String));
    expect(byStatus('WITHDRAWN').length).toBeGreaterThanOrEqual(1);
    expect(byStatus('HIRED')).toHaveLength(1);
    expect(byStatus('ACTIVE').length).toBeGreaterThan(applications.length / 2);
    expect(new Set(applications.map((a) => a.source_kind)).size).toBeGreaterThanOrEqual(4);
    const boards = new Set(
      applications.filter((a) => a.source_kind === 'JOB_BOARD').map((a) => a.source_detail),
    );
    expect([...boards]).toEqual(expect.arrayContaining(['LinkedIn', 'Indeed', 'Glassdoor']));

    // Applications arrived over the last eight weeks, not all at once.
    const now = Date.now();
    const appliedAt = applications.map((a) => new Date(a.applied_at).getTime());
    expect(Math.max(...appliedAt)).toBeLessThan(now);
    expect(Math.min(...appliedAt)).toBeGreaterThan(now - 57 * DAY_MS);
    expect(Math.min(...appliedAt)).toBeLessThan(now - 42 * DAY_MS);

    // Every change wrote a transition and an event, in order, at the planned (past) times.
    const transitions = await t.sql(
      `SELECT t.application_id, t.sequence, t.occurred_at, t.to_status, t.reason, e.occurred_at AS event_at
       FROM stage_transition t
       JOIN event e ON e.aggregate_type = 'application' AND e.aggregate_id = t.application_id AND e.sequence = t.sequence
       WHERE t.application_id = ANY($1::uuid[]) ORDER BY t.application_id, t.sequence`,
      [applications.map((a) => a.id)],
    );
    const history = new Map<string, typeof transitions>();
    for (const row of transitions)
      history.set(row.application_id, [...(history.get(row.application_id) ?? []), row]);
    for (const application of applications) {
      const rows = history.get(application.id) ?? [];
      expect(rows.map((r) => r.sequence)).toEqual(
        Array.from({ length: application.event_sequence }, (_, i) => i + 1),
      );
      expect(new Date(rows[0].occurred_at)).toEqual(new Date(application.applied_at));
      expect(new Date(rows[rows.length - 1].occurred_at)).toEqual(new Date(application.last_activity_at));
      for (let i = 0; i < rows.length; i++) {
        expect(new Date(rows[i].event_at)).toEqual(new Date(rows[i].occurred_at));
        if (i > 0)
          expect(new Date(rows[i].occurred_at).getTime()).toBeGreaterThan(
            new Date(rows[i - 1].occurred_at).getTime(),
          );
      }
      expect(rows[rows.length - 1].to_status).toBe(application.status);
      if (application.status === 'REJECTED')
        expect(rows[rows.length - 1].reason).toBe(application.rejection_reason);
    }
  });

  it('creates one demo user per role, prints their credentials, and puts the manager and interviewer on two teams', async () => {
    for (const demo of DEMO_USERS) {
      expect(firstLog.some((line) => line.includes(demo.email) && line.includes(demo.password))).toBe(true);
      const signIn = await t.http.post('/v1/auth/token').send({ email: demo.email, password: demo.password });
      expect(signIn.status).toBe(200);
    }
    const manager = DEMO_USERS.find((u) => u.role === UserRole.HIRING_MANAGER)!;
    const token = (
      await t.http.post('/v1/auth/token').send({ email: manager.email, password: manager.password })
    ).body.accessToken as string;
    const visible = await t.gqlAs<any>(
      token,
      `{ requisitions(first: 100, filter: { department: "${DEMO_DEPARTMENT}" }) { edges { node { title } } } }`,
    );
    expect(visible.data.requisitions.edges.map((e: any) => e.node.title).sort()).toEqual(
      [DEMO_REQUISITION_TITLES.mid, DEMO_REQUISITION_TITLES.senior].sort(),
    );
  });

  it('writes notes with mentions on demo applications, after their last move, that the interviewer sees in the timeline (after the evaluation)', async () => {
    const notes = await t.sql<{
      application_id: string;
      author: string;
      mentions: string[];
      after_last_move: boolean;
    }>(
      `${SCOPE} SELECT n.application_id, u.email AS author,
         coalesce((SELECT array_agg(mu.email ORDER BY m.position) FROM note_mention m JOIN app_user mu ON mu.id = m.user_id
                   WHERE m.note_id = n.id), '{}') AS mentions,
         n.created_at > (SELECT max(occurred_at) FROM stage_transition s WHERE s.application_id = n.application_id) AS after_last_move
       FROM note n JOIN app_user u ON u.id = n.author_id WHERE n.application_id IN (SELECT id FROM apps)
       ORDER BY n.application_id, n.created_at`,
      scopeParams,
    );
    expect(notes).toHaveLength(12);
    const email = (role: UserRole) => DEMO_USERS.find((u) => u.role === role)!.email;
    expect(notes.slice(0, 3).map((n) => [n.author, n.mentions, n.after_last_move])).toEqual([
      [email(UserRole.RECRUITER), [email(UserRole.HIRING_MANAGER)], true],
      [email(UserRole.HIRING_MANAGER), [email(UserRole.INTERVIEWER)], true],
      [email(UserRole.INTERVIEWER), [], true],
    ]);
    const interviewer = DEMO_USERS.find((u) => u.role === UserRole.INTERVIEWER)!;
    const token = (
      await t.http.post('/v1/auth/token').send({ email: interviewer.email, password: interviewer.password })
    ).body.accessToken as string;
    // The seed's evaluation comes after its notes: the interviewer is on every demo interview and submitted their
    // scorecard, so the application's interview changes and submitted scorecards (if it was interviewed) come
    // first, then the three notes, newest first.
    const [evaluation] = await t.sql<{ interviews: number; scorecards: number }>(
      `SELECT (SELECT count(*)::int FROM interview WHERE application_id = $1) AS interviews,
              (SELECT count(*)::int FROM scorecard WHERE application_id = $1 AND status = 'SUBMITTED') AS scorecards`,
      [notes[0].application_id],
    );
    const newer = evaluation.interviews + evaluation.scorecards;
    const timeline = await t.gqlAs<any>(
      token,
      `query($id: ID!) { application(id: $id) { activity(first: ${newer + 3}) { edges { node { kind actor { email } } } } } }`,
      { id: makeGlobalId('Application', notes[0].application_id) },
    );
    const items = timeline.data.application.activity.edges.map((e: any) => [
      e.node.kind,
      e.node.actor?.email ?? null,
    ]);
    expect(
      items
        .slice(0, newer)
        .map(([kind]: string[]) => kind)
        .sort(),
    ).toEqual(
      [
        ...Array<string>(evaluation.interviews).fill('interview.scheduled'),
        ...Array<string>(evaluation.scorecards).fill('scorecard.submitted'),
      ].sort(),
    );
    expect(items.slice(newer)).toEqual([
      ['note.created', email(UserRole.INTERVIEWER)],
      ['note.created', email(UserRole.HIRING_MANAGER)],
      ['note.created', email(UserRole.RECRUITER)],
    ]);
  });

  it('gives the demo hiring team interviews and scorecards: an evaluation to read, scorecards owed, a calendar', async () => {
    const interviews = await t.sql(
      `SELECT i.status, i.ends_at < now() AS past, count(s.id)::int AS submitted
       FROM interview i LEFT JOIN scorecard s ON s.interview_id = i.id AND s.status = 'SUBMITTED'
       WHERE i.requisition_id = ANY($1::uuid[]) GROUP BY i.id ORDER BY i.starts_at`,
      [Object.values(first.requisitionIds)],
    );
    const past = interviews.filter((i) => i.past);
    const upcoming = interviews.filter((i) => !i.past);
    expect(past.length).toBeGreaterThanOrEqual(3);
    expect(upcoming).toHaveLength(past.length);
    // Both submitted: COMPLETED; the manager still owes one: SCHEDULED.
    expect(past.filter((i) => i.submitted === 2).every((i) => i.status === 'COMPLETED')).toBe(true);
    expect(past.some((i) => i.submitted === 1 && i.status === 'SCHEDULED')).toBe(true);
    expect(firstLog).toContainEqual(
      expect.stringMatching(/^evaluation: \d+ interviews, \d+ scorecards created$/),
    );
  });

  it('leaves offers in several states on the demo requisitions, and a funnel with history in every stage', async () => {
    const ids = Object.values(first.requisitionIds);
    const offers = await t.sql<{ status: string }>(
      `SELECT status FROM offer WHERE requisition_id = ANY($1::uuid[]) ORDER BY status`,
      [ids],
    );
    expect(new Set(offers.map((o) => o.status)).size).toBeGreaterThanOrEqual(4);
    const [{ entered }] = await t.sql<{ entered: number }>(
      `SELECT count(DISTINCT t.to_stage_id)::int AS entered FROM stage_transition t
       JOIN application a ON a.id = t.application_id WHERE a.requisition_id = $1`,
      [first.requisitionIds.senior],
    );
    expect(entered).toBeGreaterThanOrEqual(5);
  });

  it('gives every third candidate a resume (PDF, DOCX and text among them), read into text and skills', async () => {
    expect(first.resumes.created).toBe(first.resumes.total);
    expect(first.resumes.total).toBeGreaterThanOrEqual(15);
    const rows = await t.sql(
      `SELECT r.content_type, r.status, r.text, (SELECT count(*)::int FROM resume_skill rs WHERE rs.resume_id = r.id) AS skills
       FROM resume r JOIN candidate c ON c.id = r.candidate_id WHERE c.email LIKE $1`,
      [`%@${DEMO_EMAIL_DOMAIN}`],
    );
    expect(rows).toHaveLength(first.resumes.total);
    expect(new Set(rows.map((r) => r.content_type.split(';')[0]))).toEqual(
      new Set([
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'text/plain',
      ]),
    );
    for (const row of rows) {
      expect(row.status).toBe('PARSED');
      expect(row.text.length).toBeGreaterThan(20);
      expect(row.skills).toBeGreaterThan(0);
    }
  });

  it('reports progress', () => {
    expect(firstLog).toEqual(
      expect.arrayContaining([
        'requisitions 3/3',
        `candidates ${first.candidates.total}/${first.candidates.total}`,
        `applications ${first.applications.total}/${first.applications.total}`,
      ]),
    );
  });

  it('changes nothing when run again', async () => {
    const before = await scopedCounts();
    const [skillsBefore] = await t.sql(`SELECT count(*)::int AS n FROM skill`);
    const second = await seedDemoData(t.app, () => undefined);
    expect(second.requisitions).toEqual({ total: 3, created: 0, existing: 3 });
    expect(second.candidates).toEqual({
      total: first.candidates.total,
      created: 0,
      existing: first.candidates.total,
    });
    expect(second.applications).toEqual({
      total: first.applications.total,
      created: 0,
      existing: first.applications.total,
      resumed: 0,
      skipped: 0,
    });
    expect(second.resumes).toEqual({ total: first.resumes.total, created: 0, existing: first.resumes.total });
    expect(second.requisitionIds).toEqual(first.requisitionIds);
    expect(await scopedCounts()).toEqual(before);
    const [skillsAfter] = await t.sql(`SELECT count(*)::int AS n FROM skill`);
    expect(skillsAfter.n).toBe(skillsBefore.n);
  }, 180_000);

  it('carries on an application an interrupted run left half-way', async () => {
    // Simulate a crash after the application was filed: drop its later history, as if those steps never ran.
    const [target] = await t.sql(
      `SELECT a.id, a.event_sequence FROM application a
       WHERE a.requisition_id = ANY($1::uuid[]) AND a.status = 'REJECTED' AND a.event_sequence >= 3 LIMIT 1`,
      [Object.values(first.requisitionIds)],
    );
    expect(target).toBeDefined();
    const before = await scopedCounts();
    await t.sql(
      `DELETE FROM event WHERE aggregate_type = 'application' AND aggregate_id = $1 AND sequence > 1`,
      [target.id],
    );
    await t.sql(`DELETE FROM stage_transition WHERE application_id = $1 AND sequence > 1`, [target.id]);
    await t.sql(
      `UPDATE application SET status = 'ACTIVE', rejection_reason = NULL, version = 1, event_sequence = 1,
         stage_id = (SELECT to_stage_id FROM stage_transition WHERE application_id = $1 AND sequence = 1)
       WHERE id = $1`,
      [target.id],
    );
    const resumed = await seedDemoData(t.app, () => undefined);
    expect(resumed.applications).toMatchObject({ created: 0, resumed: 1, skipped: 0 });
    const [after] = await t.sql(`SELECT status, event_sequence FROM application WHERE id = $1`, [target.id]);
    expect(after).toEqual({ status: 'REJECTED', event_sequence: target.event_sequence });
    const counts = await scopedCounts();
    expect({ ...counts, timeline: null }).toEqual({ ...before, timeline: null });
  }, 180_000);
});
