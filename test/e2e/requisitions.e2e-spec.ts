import {
  changeRequisitionStatus,
  createApplication,
  createCandidate,
  createRequisition,
  databaseId,
  eventsOf,
  moveApplication,
  snapshotCounts,
  unique,
} from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const FULL = `id code title description status level employmentType headcount hiredCount department workplaceType
  locations { city region country postalCode } salaryRange { min max currency period } responsibilities
  skills { skill { id name category } importance minYears } educationRequirement version createdAt updatedAt
  stages { id name kind position }`;

const DEFAULT_STAGES = [
  { name: 'Applied', kind: 'APPLIED', position: 0 },
  { name: 'Recruiter screen', kind: 'SCREEN', position: 1 },
  { name: 'Technical screen', kind: 'TECHNICAL', position: 2 },
  { name: 'ML system design', kind: 'TECHNICAL', position: 3 },
  { name: 'Onsite', kind: 'ONSITE', position: 4 },
  { name: 'Offer', kind: 'OFFER', position: 5 },
  { name: 'Hired', kind: 'HIRED', position: 6 },
];

describe('requisitions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = async (input: Record<string, unknown>) =>
    (
      await t.ok<{ createRequisition: { requisition: any } }>(
        `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { requisition { ${FULL} } userErrors { code } } }`,
        { input },
      )
    ).createRequisition.requisition;

  const update = async (input: Record<string, unknown>) => {
    const response = await t.gql<{ updateRequisition: { requisition: any; userErrors: any[] } }>(
      `mutation($input: UpdateRequisitionInput!) { updateRequisition(input: $input) { requisition { ${FULL} } userErrors { code field } } }`,
      { input },
    );
    expect(response.errors).toBeUndefined();
    return response.data.updateRequisition;
  };

  const fetch = async (id: string) =>
    (await t.ok<{ requisition: any }>(`query($id: ID!) { requisition(id: $id) { ${FULL} } }`, { id }))
      .requisition;

  const skillRows = (name: string) =>
    t.sql<{ id: string; name: string; category: string }>(
      `SELECT id, name, category FROM skill WHERE normalized_name = $1`,
      [name],
    );

  describe('createRequisition', () => {
    it('creates a DRAFT with defaults and the default stage template, in order', async () => {
      const title = `Machine Learning Engineer Intern ${unique()}`;
      const requisition = await create({ title: `  ${title}  `, level: 'INTERN', workplaceType: 'ON_SITE' });
      expect(requisition).toMatchObject({
        title,
        description: null,
        status: 'DRAFT',
        level: 'INTERN',
        employmentType: 'FULL_TIME',
        headcount: 1,
        hiredCount: 0,
        department: null,
        workplaceType: 'ON_SITE',
        locations: [],
        salaryRange: null,
        responsibilities: [],
        skills: [],
        educationRequirement: null,
        version: 1,
      });
      expect(requisition.code).toMatch(/^REQ-\d{5}$/);
      expect(requisition.stages.map(({ name, kind, position }: any) => ({ name, kind, position }))).toEqual(
        DEFAULT_STAGES,
      );
      expect(new Set(requisition.stages.map((s: any) => s.id)).size).toBe(7);

      // Stored as answered, and every stage can be refetched by its id.
      expect(await fetch(requisition.id)).toEqual(requisition);
      const stage = await t.ok<any>(
        `query($id: ID!) { node(id: $id) { ... on PipelineStage { name requisition { id } } } }`,
        {
          id: requisition.stages[3].id,
        },
      );
      expect(stage.node).toEqual({ name: 'ML system design', requisition: { id: requisition.id } });
    });

    it('gives every requisition its own code', async () => {
      const a = await create({ title: `A ${unique()}`, level: 'MID', workplaceType: 'REMOTE' });
      const b = await create({ title: `B ${unique()}`, level: 'MID', workplaceType: 'REMOTE' });
      expect(Number(b.code.slice(4))).toBeGreaterThan(Number(a.code.slice(4)));
    });

    it('stores every field, normalising skills through the taxonomy and adding unknown ones as OTHER', async () => {
      expect(await skillRows('lightgbm ranker')).toEqual([]);
      const requisition = await create({
        title: `Senior ML Engineer, Ranking ${unique()}`,
        description: 'Build the ranking stack for the home feed.',
        level: 'SENIOR',
        employmentType: 'CONTRACT',
        headcount: 3,
        department: '  Applied ML  ',
        workplaceType: 'HYBRID',
        locations: [
          { city: ' New York ', region: 'NY', country: 'US', postalCode: '10001' },
          { country: 'CA' },
        ],
        salaryRange: { min: 160000, max: 210000.5, currency: 'usd', period: 'YEAR' },
        responsibilities: ['  Train and ship ranking models ', 'Own online experiments'],
        skills: [
          { name: 'torch', importance: 'REQUIRED', minYears: 2 },
          { name: '  PYTHON  ' },
          { name: 'LightGBM Ranker', importance: 'PREFERRED', minYears: 1.5 },
        ],
        educationRequirement: 'MSc in CS or equivalent experience',
      });
      expect(requisition).toMatchObject({
        description: 'Build the ranking stack for the home feed.',
        status: 'DRAFT',
        level: 'SENIOR',
        employmentType: 'CONTRACT',
        headcount: 3,
        department: 'Applied ML',
        workplaceType: 'HYBRID',
        locations: [
          { city: 'New York', region: 'NY', country: 'US', postalCode: '10001' },
          { city: null, region: null, country: 'CA', postalCode: null },
        ],
        salaryRange: { min: 160000, max: 210000.5, currency: 'USD', period: 'YEAR' },
        responsibilities: ['Train and ship ranking models', 'Own online experiments'],
        educationRequirement: 'MSc in CS or equivalent experience',
      });
      expect(
        requisition.skills.map((s: any) => [s.skill.name, s.skill.category, s.importance, s.minYears]),
      ).toEqual([
        ['PyTorch', 'DEEP_LEARNING', 'REQUIRED', 2],
        ['Python', 'LANGUAGE', 'REQUIRED', null],
        ['LightGBM Ranker', 'OTHER', 'PREFERRED', 1.5],
      ]);
      expect(await fetch(requisition.id)).toEqual(requisition);

      const [added] = await skillRows('lightgbm ranker');
      expect(added).toMatchObject({ name: 'LightGBM Ranker', category: 'OTHER' });
      expect(databaseId(requisition.skills[2].skill.id)).toBe(added.id);

      // The new skill is part of the taxonomy now: search finds it, by any case.
      for (const search of ['LightGBM Ranker', 'lightgbm  ranker', 'GBM RANK']) {
        const found = await t.ok<{ skills: any[] }>(
          `query($s: String) { skills(search: $s) { id name category aliases } }`,
          {
            s: search,
          },
        );
        expect(found.skills).toEqual([
          { id: requisition.skills[2].skill.id, name: 'LightGBM Ranker', category: 'OTHER', aliases: [] },
        ]);
      }
      // "lightgbm" is an alias of Gradient boosting: the exact alias match comes first, the new name after it.
      const lightgbm = await t.ok<{ skills: any[] }>(`{ skills(search: "lightgbm") { name category } }`);
      expect(lightgbm.skills).toEqual([
        { name: 'Gradient boosting', category: 'ML' },
        { name: 'LightGBM Ranker', category: 'OTHER' },
      ]);
      // "torch" finds PyTorch through its alias.
      const torch = await t.ok<{ skills: any[] }>(`{ skills(search: "torch") { name aliases } }`);
      expect(torch.skills[0]).toEqual({ name: 'PyTorch', aliases: ['torch', 'py torch'] });

      // Naming the new skill again, in another spelling, reuses it.
      const again = await create({
        title: `Another ${unique()}`,
        level: 'MID',
        workplaceType: 'REMOTE',
        skills: [{ name: 'lightgbm   RANKER' }],
      });
      expect(again.skills.map((s: any) => s.skill.id)).toEqual([requisition.skills[2].skill.id]);
      expect(await skillRows('lightgbm ranker')).toHaveLength(1);
    });

    it('writes one requisition.created event with sequence 1', async () => {
      const requisition = await create({
        title: `Events ${unique()}`,
        level: 'STAFF',
        workplaceType: 'REMOTE',
      });
      const events = await eventsOf(t, requisition.id);
      expect(events).toEqual([
        {
          type: 'requisition.created',
          aggregateType: 'requisition',
          sequence: 1,
          data: {
            requisitionId: requisition.id,
            code: requisition.code,
            title: requisition.title,
            status: 'DRAFT',
            sequence: 1,
          },
        },
      ]);
    });
  });

  describe('updateRequisition', () => {
    it('changes only the fields given and keeps the others', async () => {
      const original = await create({
        title: `Mid-level ML Engineer ${unique()}`,
        level: 'MID',
        workplaceType: 'HYBRID',
        department: 'Search',
        headcount: 2,
        locations: [{ city: 'Austin', region: 'TX', country: 'US' }],
        salaryRange: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' },
        responsibilities: ['Ship models'],
        skills: [{ name: 'Python', minYears: 3 }, { name: 'SQL' }],
      });
      const payload = await update({
        id: original.id,
        expectedVersion: original.version,
        title: 'Mid-level ML Engineer, Search',
      });
      expect(payload.userErrors).toEqual([]);
      const updated = payload.requisition;
      const unchanged = Object.fromEntries(
        Object.entries(original).filter(([key]) => !['title', 'version', 'updatedAt'].includes(key)),
      );
      expect(updated).toMatchObject({
        ...unchanged,
        title: 'Mid-level ML Engineer, Search',
        version: original.version + 1,
      });
      expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(original.updatedAt).getTime(),
      );
      expect(await fetch(original.id)).toEqual(updated);

      const events = await eventsOf(t, original.id);
      expect(events.map((e) => [e.type, e.sequence, e.data.changedFields])).toEqual([
        ['requisition.created', 1, undefined],
        ['requisition.updated', 2, ['title']],
      ]);
    });

    it('clears the salary range with salaryRange: null and leaves it alone when omitted', async () => {
      const original = await createRequisition(t, {}, { open: false });
      expect((await fetch(original.id)).salaryRange).toEqual({
        min: 120000,
        max: 150000,
        currency: 'USD',
        period: 'YEAR',
      });
      const untouched = await update({ id: original.id, headcount: 4 });
      expect(untouched.requisition.salaryRange).toEqual({
        min: 120000,
        max: 150000,
        currency: 'USD',
        period: 'YEAR',
      });
      expect(untouched.requisition.headcount).toBe(4);
      const cleared = await update({ id: original.id, salaryRange: null });
      expect(cleared.userErrors).toEqual([]);
      expect(cleared.requisition.salaryRange).toBeNull();
      expect(cleared.requisition.headcount).toBe(4);
      expect(cleared.requisition.version).toBe(original.version + 2);
      const [stored] = await t.sql(
        'SELECT salary_min, salary_max, salary_currency, salary_period FROM requisition WHERE id = $1',
        [databaseId(original.id)],
      );
      expect(stored).toEqual({
        salary_min: null,
        salary_max: null,
        salary_currency: null,
        salary_period: null,
      });
      const replaced = await update({
        id: original.id,
        salaryRange: { min: 90, max: 110, currency: 'eur', period: 'HOUR' },
      });
      expect(replaced.requisition.salaryRange).toEqual({
        min: 90,
        max: 110,
        currency: 'EUR',
        period: 'HOUR',
      });
    });

    it('replaces the whole skill list when skills are given, and keeps it when they are not', async () => {
      const original = await createRequisition(t, {}, { open: false });
      const kept = await update({ id: original.id, description: 'Now with a description' });
      expect(kept.requisition.skills.map((s: any) => s.skill.name)).toEqual([
        'Python',
        'PyTorch',
        'Kubernetes',
      ]);
      const replaced = await update({
        id: original.id,
        skills: [
          { name: 'jax', importance: 'PREFERRED', minYears: 1 },
          { name: 'k8s', importance: 'REQUIRED' },
        ],
      });
      expect(replaced.requisition.skills.map((s: any) => [s.skill.name, s.importance, s.minYears])).toEqual([
        ['JAX', 'PREFERRED', 1],
        ['Kubernetes', 'REQUIRED', null],
      ]);
      const [{ n }] = await t.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM requisition_skill WHERE requisition_id = $1',
        [databaseId(original.id)],
      );
      expect(n).toBe(2);
      const emptied = await update({ id: original.id, skills: [] });
      expect(emptied.requisition.skills).toEqual([]);
      const events = await eventsOf(t, original.id);
      expect(events.map((e) => [e.type, e.sequence, e.data.changedFields])).toEqual([
        ['requisition.created', 1, undefined],
        ['requisition.updated', 2, ['description']],
        ['requisition.updated', 3, ['skills']],
        ['requisition.updated', 4, ['skills']],
      ]);
    });

    it('refuses to edit a CLOSED requisition and writes nothing', async () => {
      const requisition = await createRequisition(t);
      const closed = await changeRequisitionStatus(t, 'close', { id: requisition.id });
      expect(closed.requisition?.status).toBe('CLOSED');
      const before = await snapshotCounts(t);
      const payload = await update({ id: requisition.id, title: 'Reopened by editing' });
      expect(payload).toEqual({
        requisition: null,
        userErrors: [{ code: 'REQUISITION_CLOSED', field: ['input', 'id'] }],
      });
      expect(await snapshotCounts(t)).toEqual(before);
      expect((await fetch(requisition.id)).version).toBe(closed.requisition!.version);
    });
  });

  describe('status machine', () => {
    it('DRAFT → OPEN → ON_HOLD → OPEN → CLOSED, one status_changed event each, sequences without gaps', async () => {
      const requisition = await create({
        title: `Status ${unique()}`,
        level: 'MID',
        workplaceType: 'REMOTE',
      });
      const steps: ['open' | 'hold' | 'close', string][] = [
        ['open', 'OPEN'],
        ['hold', 'ON_HOLD'],
        ['open', 'OPEN'],
        ['close', 'CLOSED'],
      ];
      let version = requisition.version;
      for (const [action, status] of steps) {
        const payload = await changeRequisitionStatus(t, action, {
          id: requisition.id,
          expectedVersion: version,
          reason: `${action} for the test`,
        });
        expect(payload.userErrors).toEqual([]);
        expect(payload.requisition).toMatchObject({ id: requisition.id, status, version: version + 1 });
        version += 1;
      }
      const events = await eventsOf(t, requisition.id);
      expect(events.map((e) => ({ type: e.type, sequence: e.sequence, data: e.data }))).toEqual([
        { type: 'requisition.created', sequence: 1, data: expect.objectContaining({ status: 'DRAFT' }) },
        ...[
          ['DRAFT', 'OPEN', 'open'],
          ['OPEN', 'ON_HOLD', 'hold'],
          ['ON_HOLD', 'OPEN', 'open'],
          ['OPEN', 'CLOSED', 'close'],
        ].map(([fromStatus, toStatus, action], i) => ({
          type: 'requisition.status_changed',
          sequence: i + 2,
          data: {
            requisitionId: requisition.id,
            fromStatus,
            toStatus,
            reason: `${action} for the test`,
            sequence: i + 2,
          },
        })),
      ]);
    });

    it.each<[string, ('open' | 'hold' | 'close')[], 'open' | 'hold' | 'close']>([
      ['hold a DRAFT', [], 'hold'],
      ['open an OPEN', ['open'], 'open'],
      ['hold an ON_HOLD', ['open', 'hold'], 'hold'],
      ['open a CLOSED', ['open', 'close'], 'open'],
      ['hold a CLOSED', ['close'], 'hold'],
      ['close a CLOSED', ['close'], 'close'],
    ])(
      'refuses to %s requisition with INVALID_STATUS_TRANSITION and writes nothing',
      async (_label, path, action) => {
        const requisition = await create({
          title: `Invalid ${unique()}`,
          level: 'MID',
          workplaceType: 'REMOTE',
        });
        for (const step of path)
          expect((await changeRequisitionStatus(t, step, { id: requisition.id })).userErrors).toEqual([]);
        const before = await fetch(requisition.id);
        const counts = await snapshotCounts(t);
        const payload = await changeRequisitionStatus(t, action, { id: requisition.id });
        expect(payload.requisition).toBeNull();
        expect(payload.userErrors.map((e) => [e.code, e.field])).toEqual([
          ['INVALID_STATUS_TRANSITION', ['input', 'id']],
        ]);
        expect(payload.userErrors[0].message).toMatch(
          new RegExp(`Cannot ${action} a requisition that is ${before.status}`),
        );
        expect(await fetch(requisition.id)).toEqual(before);
        expect(await snapshotCounts(t)).toEqual(counts);
      },
    );
  });

  it('an update that changes nothing writes no version and no event', async () => {
    const requisition = await create({
      title: 'Applied Scientist',
      level: 'SENIOR',
      workplaceType: 'REMOTE',
    });
    const before = await eventsOf(t, requisition.id);
    const updated = await update({ id: requisition.id, title: 'Applied Scientist', level: 'SENIOR' });
    expect(updated.userErrors).toEqual([]);
    expect(updated.requisition.version).toBe(requisition.version);
    expect(await eventsOf(t, requisition.id)).toEqual(before);
  });

  it('names the salary range, not its columns, among the changed fields', async () => {
    const requisition = await create({
      title: 'ML Platform Engineer',
      level: 'MID',
      workplaceType: 'HYBRID',
    });
    await update({ id: requisition.id, salaryRange: { min: 110000, max: 140000, currency: 'USD' } });
    const [last] = (await eventsOf(t, requisition.id)).slice(-1);
    expect(last.data.changedFields).toEqual(['salaryRange']);
  });

  describe('FILLED when hires reach headcount', () => {
    const hire = async (requisition: { stages: { id: string; kind: string }[] }, applicationId: string) => {
      const hired = requisition.stages.find((s) => s.kind === 'HIRED')!;
      return moveApplication(t, { id: applicationId, stageId: hired.id });
    };

    it('lowering headcount to the number already hired fills the requisition', async () => {
      const requisition = await createRequisition(t, { headcount: 2 });
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      expect((await hire(requisition, application.id)).userErrors).toEqual([]);
      expect(await fetch(requisition.id)).toMatchObject({ status: 'OPEN', hiredCount: 1, headcount: 2 });
      const updated = await update({ id: requisition.id, headcount: 1 });
      expect(updated.userErrors).toEqual([]);
      expect(updated.requisition).toMatchObject({ status: 'FILLED', hiredCount: 1, headcount: 1 });
      const events = await eventsOf(t, requisition.id);
      expect(events.slice(-2).map((e) => [e.type, e.data.changedFields ?? e.data.toStatus])).toEqual([
        ['requisition.updated', ['headcount']],
        ['requisition.status_changed', 'FILLED'],
      ]);
    });

    it('headcount 1: hiring one fills the requisition, which then accepts no applications', async () => {
      const requisition = await createRequisition(t, { headcount: 1 });
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const moved = await hire(requisition, application.id);
      expect(moved.userErrors).toEqual([]);
      expect(moved.application).toMatchObject({ status: 'HIRED', stage: { name: 'Hired', kind: 'HIRED' } });
      expect(moved.transition).toMatchObject({
        fromStatus: 'ACTIVE',
        toStatus: 'HIRED',
        toStage: { name: 'Hired' },
      });

      const filled = await fetch(requisition.id);
      expect(filled).toMatchObject({
        status: 'FILLED',
        hiredCount: 1,
        headcount: 1,
        version: requisition.version + 1,
      });
      const events = await eventsOf(t, requisition.id);
      expect(events.slice(-1)).toEqual([
        {
          type: 'requisition.status_changed',
          aggregateType: 'requisition',
          sequence: 3,
          data: {
            requisitionId: requisition.id,
            fromStatus: 'OPEN',
            toStatus: 'FILLED',
            reason: 'Headcount reached',
            sequence: 3,
          },
        },
      ]);
      expect((await eventsOf(t, application.id)).map((e) => [e.type, e.sequence, e.data.toStatus])).toEqual([
        ['application.created', 1, 'ACTIVE'],
        ['application.status_changed', 2, 'HIRED'],
      ]);

      const latecomer = await createCandidate(t);
      const before = await snapshotCounts(t);
      const late = await t.gql(
        `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } userErrors { code field } } }`,
        { input: { candidateId: latecomer.id, requisitionId: requisition.id } },
      );
      expect(late.data.createApplication).toEqual({
        application: null,
        userErrors: [{ code: 'REQUISITION_NOT_OPEN', field: ['input', 'requisitionId'] }],
      });
      expect(await snapshotCounts(t)).toEqual(before);
      // Opening it again needs more headcount first.
      const refused = await changeRequisitionStatus(t, 'open', { id: requisition.id });
      expect(refused.userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS_TRANSITION']);
      const raised = await update({ id: requisition.id, headcount: 2 });
      expect(raised.requisition).toMatchObject({ status: 'FILLED', headcount: 2, hiredCount: 1 });
      const reopened = await changeRequisitionStatus(t, 'open', { id: requisition.id });
      expect(reopened.requisition).toMatchObject({ status: 'OPEN', hiredCount: 1, headcount: 2 });
      await createApplication(t, (await createCandidate(t)).id, requisition.id);
    });

    it('headcount 2: the first hire only counts, the second fills', async () => {
      const requisition = await createRequisition(t, { headcount: 2 });
      const first = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const second = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const eventsBefore = (await eventsOf(t, requisition.id)).length;

      expect((await hire(requisition, first.id)).userErrors).toEqual([]);
      expect(await fetch(requisition.id)).toMatchObject({ status: 'OPEN', hiredCount: 1 });
      // The hire is announced by the application's event; the requisition writes none of its own.
      expect(await eventsOf(t, requisition.id)).toHaveLength(eventsBefore);

      const headcountBelowHired = await update({ id: requisition.id, headcount: 0 });
      expect(headcountBelowHired.userErrors.map((e: any) => e.code)).toEqual(['INVALID_INPUT']);

      expect((await hire(requisition, second.id)).userErrors).toEqual([]);
      expect(await fetch(requisition.id)).toMatchObject({ status: 'FILLED', hiredCount: 2 });
      const events = await eventsOf(t, requisition.id);
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
      expect(events.slice(eventsBefore).map((e) => [e.type, e.data.toStatus])).toEqual([
        ['requisition.status_changed', 'FILLED'],
      ]);

      const lowered = await update({ id: requisition.id, headcount: 1 });
      expect(lowered).toEqual({
        requisition: null,
        userErrors: [{ code: 'HEADCOUNT_BELOW_HIRED', field: ['input', 'headcount'] }],
      });
    });
  });

  describe('requisitions(filter:)', () => {
    const tag = unique();
    let intern: any;
    let senior: any;
    let seniorDraft: any;

    const list = async (filter: Record<string, unknown>) => {
      const data = await t.ok<{ requisitions: any }>(
        `query($filter: RequisitionFilter) { requisitions(first: 50, filter: $filter) { totalCount edges { node { id code status level } } } }`,
        { filter },
      );
      return {
        totalCount: data.requisitions.totalCount,
        ids: data.requisitions.edges.map((e: any) => e.node.id),
        codes: data.requisitions.edges.map((e: any) => e.node.code),
      };
    };

    beforeAll(async () => {
      intern = await createRequisition(t, { title: `ML Engineer Intern ${tag}`, level: 'INTERN' });
      senior = await createRequisition(t, { title: `Senior ML Engineer ${tag}`, level: 'SENIOR' });
      seniorDraft = await createRequisition(
        t,
        { title: `Staff-track Senior ${tag}`, level: 'SENIOR' },
        { open: false },
      );
    });

    it('search matches title case-insensitively, newest first', async () => {
      expect(await list({ search: tag.toUpperCase() })).toMatchObject({
        totalCount: 3,
        ids: [seniorDraft.id, senior.id, intern.id],
      });
      expect(await list({ search: `intern ${tag}` })).toMatchObject({ totalCount: 1, ids: [intern.id] });
    });

    it('search matches the code', async () => {
      const result = await list({ search: senior.code.toLowerCase() });
      // Other files' requisitions may have codes that contain this one (REQ-00012 in REQ-000120).
      expect(result.ids).toContain(senior.id);
      for (const code of result.codes) expect(code).toContain(senior.code);
    });

    it('status and level narrow the result, and combine', async () => {
      expect(await list({ search: tag, status: ['OPEN'] })).toMatchObject({
        totalCount: 2,
        ids: [senior.id, intern.id],
      });
      expect(await list({ search: tag, status: ['DRAFT'] })).toMatchObject({
        totalCount: 1,
        ids: [seniorDraft.id],
      });
      expect(await list({ search: tag, level: ['SENIOR'] })).toMatchObject({
        totalCount: 2,
        ids: [seniorDraft.id, senior.id],
      });
      expect(await list({ search: tag, level: ['SENIOR'], status: ['OPEN'] })).toMatchObject({
        totalCount: 1,
        ids: [senior.id],
      });
      expect(
        await list({ search: tag, level: ['INTERN', 'SENIOR'], status: ['OPEN', 'DRAFT'] }),
      ).toMatchObject({
        totalCount: 3,
        ids: [seniorDraft.id, senior.id, intern.id],
      });
      expect(await list({ search: tag, status: ['CLOSED', 'FILLED'] })).toMatchObject({
        totalCount: 0,
        ids: [],
      });
    });

    it('search treats % and _ literally', async () => {
      expect(await list({ search: `${tag}%` })).toMatchObject({ totalCount: 0, ids: [] });
      expect(await list({ search: tag.replace(/-/g, '_') })).toMatchObject({ totalCount: 0, ids: [] });
    });
  });
});
