import { randomUUID } from 'node:crypto';
import {
  APPLICATION_FIELDS,
  countRows,
  createApplication,
  createCandidate,
  CreatedRequisition,
  createRequisition,
} from '../factories';
import {
  BulkCandidate,
  globalIdOf,
  insertApplications,
  insertCandidates,
  MOVE_APPLICATION,
  rawId,
} from '../factories/bulk';
import { createTestApp, TestApp } from '../support/test-app';

/** The pipeline board exactly as issue 2 states it. */
const BOARD = `query($id: ID!) { requisition(id: $id) { stages { name applicationCount applications(first: 25) { edges { node { candidate { fullName skills { skill { name } } } } } } } } }`;

interface BoardStage {
  name: string;
  applicationCount: number;
  applications: {
    edges: { node: { candidate: { fullName: string; skills: { skill: { name: string } }[] } } }[];
  };
}

const SKILL_POOL = [
  'Python',
  'PyTorch',
  'TensorFlow',
  'SQL',
  'Kubernetes',
  'Docker',
  'Spark',
  'AWS',
  'Pandas',
  'NumPy',
  'Git',
  'JAX',
];
/** 3 to 5 distinct skills per candidate, varying with the index. */
const skillsOf = (i: number): string[] =>
  Array.from({ length: 3 + (i % 3) }, (_, k) => SKILL_POOL[(i + k * 5) % SKILL_POOL.length]);

const DEFAULT_STAGES = [
  'Applied',
  'Recruiter screen',
  'Technical screen',
  'ML system design',
  'Onsite',
  'Offer',
  'Hired',
];

const STAGE_PAYLOAD = `stage { id name kind position }
  requisition { id version stages { id name kind position } }
  userErrors { code field message }`;

describe('pipeline board', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function board(id: string): Promise<{ stages: BoardStage[]; statements: number }> {
    const { result, statements } = await t.statements.measure(() =>
      t.gql<{ requisition: { stages: BoardStage[] } }>(BOARD, { id }),
    );
    expect(result.errors).toBeUndefined();
    return { stages: result.data.requisition.stages, statements };
  }

  it('costs the same number of SQL statements for a small and a large requisition', async () => {
    // Small: the default 7 stages, 3 applications made through the API.
    const small = await createRequisition(t);
    const smallCandidates = [];
    for (let i = 0; i < 3; i++) {
      const candidate = await createCandidate(t);
      smallCandidates.push(candidate);
      const application = await createApplication(t, candidate.id, small.id);
      if (i === 2)
        await t.ok(MOVE_APPLICATION, { input: { id: application.id, stageId: small.stages[2].id } });
    }

    // Large: 9 stages (two added through the API), 400 applications of candidates with 3 to 5 skills each.
    const large = await createRequisition(t, { headcount: 10 });
    await t.ok(
      `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) { ${STAGE_PAYLOAD} } }`,
      {
        input: { requisitionId: large.id, name: 'Take-home assignment', kind: 'TAKE_HOME' },
      },
    );
    const added = await t.ok<any>(
      `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) { ${STAGE_PAYLOAD} } }`,
      {
        input: { requisitionId: large.id, name: 'Bar raiser', position: 2 },
      },
    );
    const stages: { id: string; name: string; kind: string; position: number }[] =
      added.addPipelineStage.requisition.stages;
    expect(stages.map((s) => s.name)).toEqual([
      'Applied',
      'Recruiter screen',
      'Bar raiser',
      'Technical screen',
      'ML system design',
      'Onsite',
      'Offer',
      'Take-home assignment',
      'Hired',
    ]);
    const perStage = [100, 80, 60, 50, 40, 30, 20, 18, 2];
    const candidates = await insertCandidates(t, 400, { namePrefix: 'Board Candidate', skillsOf });
    const base = Date.now() - 3600 * 1000;
    const rows: Parameters<typeof insertApplications>[2] = [];
    const byStage = new Map<number, { candidate: BulkCandidate; appliedAt: number; status: string }[]>();
    let next = 0;
    perStage.forEach((count, stageIndex) => {
      for (let k = 0; k < count; k++, next++) {
        const status =
          stages[stageIndex].kind === 'HIRED'
            ? 'HIRED'
            : stageIndex === 0 && k % 10 === 0
              ? 'REJECTED'
              : stageIndex === 1 && k % 16 === 1
                ? 'WITHDRAWN'
                : 'ACTIVE';
        const appliedAt = base - next * 1000;
        rows.push({
          candidateId: candidates[next].id,
          stageId: rawId(stages[stageIndex].id),
          appliedAt: new Date(appliedAt),
          status,
        });
        byStage.set(stageIndex, [
          ...(byStage.get(stageIndex) ?? []),
          { candidate: candidates[next], appliedAt, status },
        ]);
      }
    });
    await insertApplications(t, rawId(large.id), rows);
    await t.sql('UPDATE requisition SET hired_count = 2 WHERE id = $1', [rawId(large.id)]);
    expect(await countRows(t, 'application', 'requisition_id = $1', [rawId(large.id)])).toBe(400);

    // Warm-up, then measure each twice: the count is deterministic.
    await board(small.id);
    const smallRuns = [await board(small.id), await board(small.id)];
    const largeRuns = [await board(large.id), await board(large.id)];
    const counts = { small: smallRuns.map((r) => r.statements), large: largeRuns.map((r) => r.statements) };
    process.stdout.write(
      `\nBoard SQL statements: small ${counts.small.join(', ')}; large ${counts.large.join(', ')}\n`,
    );
    expect(counts.small[0]).toBe(counts.small[1]);
    expect(counts.large[0]).toBe(counts.large[1]);
    expect(counts.large[0]).toBe(counts.small[0]);
    // One statement each for the caller's identity, the requisition, stages, column counts, cards, candidates and
    // their skills.
    expect(counts.small[0]).toBeLessThanOrEqual(7);

    // Small board content.
    const smallBoard = smallRuns[0].stages;
    expect(smallBoard.map((s) => s.name)).toEqual(DEFAULT_STAGES);
    expect(smallBoard.map((s) => s.applicationCount)).toEqual([2, 0, 1, 0, 0, 0, 0]);
    // (Made within milliseconds of each other: the order is the large board's to check.)
    expect(smallBoard[0].applications.edges.map((e) => e.node.candidate.fullName).sort()).toEqual(
      [smallCandidates[0].fullName, smallCandidates[1].fullName].sort(),
    );
    expect(smallBoard[2].applications.edges.map((e) => e.node.candidate)).toEqual([
      {
        fullName: smallCandidates[2].fullName,
        skills: [{ skill: { name: 'Python' } }, { skill: { name: 'PyTorch' } }],
      },
    ]);

    // Large board content: counts of ACTIVE applications, the 25 newest cards per column, names and skills.
    const largeBoard = largeRuns[0].stages;
    expect(largeBoard.map((s) => s.name)).toEqual(stages.map((s) => s.name));
    expect(largeBoard.map((s) => s.applicationCount)).toEqual([90, 75, 60, 50, 40, 30, 20, 18, 0]);
    largeBoard.forEach((column, stageIndex) => {
      const expected = [...byStage.get(stageIndex)!].sort((a, b) => b.appliedAt - a.appliedAt).slice(0, 25);
      expect(column.applications.edges.length).toBeLessThanOrEqual(25);
      expect(column.applications.edges).toHaveLength(Math.min(25, perStage[stageIndex]));
      expect(column.applications.edges.map((e) => e.node.candidate)).toEqual(
        expected.map((e) => ({
          fullName: e.candidate.fullName,
          skills: e.candidate.skills.map((name) => ({ skill: { name } })),
        })),
      );
    });
    const allSkills = largeBoard.flatMap((c) => c.applications.edges.flatMap((e) => e.node.candidate.skills));
    expect(allSkills.length).toBeGreaterThan(150);
  });

  it('gives cards the same candidates, to the field, as asking for each candidate directly', async () => {
    // The board brings the cards' candidates and skills in its page statement; `candidate(id)` reads them on its
    // own. Every field of both must agree (dates, numbers, JSON columns, the skills' order and years).
    const requisition = await createRequisition(t);
    const rich = await createCandidate(t, {
      location: { city: 'Lisbon', region: 'Lisboa', country: 'PT' },
      education: [
        { institution: 'IST', degree: 'MSc', fieldOfStudy: 'Machine learning', graduationYear: 2019 },
      ],
      certifications: [{ name: 'AWS ML Specialty', issuer: 'AWS', issuedOn: '2024-03-01' }],
      tags: ['ranking', 'Referral'],
      skills: [
        { name: 'PyTorch', years: 2.5 },
        { name: 'Python', years: 6 },
        { name: 'Kubernetes', years: null },
      ],
    });
    const plain = await createCandidate(t, { skills: [], links: [], yearsOfExperience: null });
    for (const c of [rich, plain]) await createApplication(t, c.id, requisition.id);
    const FIELDS = `fragment Person on Candidate {
      id fullName email phone headline yearsOfExperience tags version createdAt updatedAt consentGivenAt retainUntil
      location { city region country } education { institution degree fieldOfStudy graduationYear }
      certifications { name issuer issuedOn url } links { kind url }
      skills { years skill { id name category aliases } }
    }`;
    const cards = await t.ok<any>(
      `query($id: ID!) { requisition(id: $id) { stages { applications(first: 5) { edges { node { ...Card } } } } } }
       fragment Card on Application { candidate { ...Person } }
       ${FIELDS}`,
      { id: requisition.id },
    );
    const fromBoard = cards.requisition.stages.flatMap((s: any) =>
      s.applications.edges.map((e: any) => e.node.candidate),
    );
    expect(fromBoard).toHaveLength(2);
    for (const candidate of fromBoard) {
      const direct = await t.ok<any>(`query($id: ID!) { candidate(id: $id) { ...Person } } ${FIELDS}`, {
        id: candidate.id,
      });
      expect(candidate).toEqual(direct.candidate);
    }
    const richOnBoard = fromBoard.find((c: any) => c.id === rich.id);
    expect(richOnBoard.skills.map((s: any) => [s.skill.name, s.years])).toEqual([
      ['PyTorch', 2.5],
      ['Python', 6],
      ['Kubernetes', null],
    ]);
    expect(fromBoard.find((c: any) => c.id === plain.id).skills).toEqual([]);
  });

  it('costs the same for a requisition whose cards share candidates with other requisitions', async () => {
    // The candidate loaders are keyed by candidate: the same person on two boards is fetched once per request.
    const requisition = await createRequisition(t);
    const candidates = await insertCandidates(t, 30, { skillsOf });
    await insertApplications(
      t,
      rawId(requisition.id),
      candidates.map((c, i) => ({
        candidateId: c.id,
        stageId: rawId(requisition.stages[i % 6].id),
        appliedAt: new Date(Date.now() - i * 1000),
      })),
    );
    const reference = await createRequisition(t);
    const candidate = await createCandidate(t);
    await createApplication(t, candidate.id, reference.id);
    const [a, b] = [await board(requisition.id), await board(reference.id)];
    expect(a.stages.map((s) => s.applicationCount)).toEqual([5, 5, 5, 5, 5, 5, 0]);
    expect(a.statements).toBe(b.statements);
  });
});

describe('pipeline stage management', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function requisitionState(id: string) {
    const data = await t.ok<any>(
      `query($id: ID!) { requisition(id: $id) { version stages { id name kind position } } }`,
      { id },
    );
    const [row] = await t.sql<{ event_sequence: number }>(
      'SELECT event_sequence FROM requisition WHERE id = $1',
      [rawId(id)],
    );
    return {
      version: data.requisition.version as number,
      stages: data.requisition.stages as CreatedRequisition['stages'],
      eventSequence: row.event_sequence,
    };
  }

  async function requisitionEvents(id: string) {
    return t.sql<{ type: string; sequence: number; data: Record<string, any> }>(
      `SELECT type, sequence, data FROM event WHERE aggregate_type = 'requisition' AND aggregate_id = $1 ORDER BY sequence`,
      [rawId(id)],
    );
  }

  /** The change bumped the version by one and wrote exactly one event of `type`, with the next sequence. */
  async function expectOneEvent(
    id: string,
    before: { version: number; eventSequence: number },
    type: string,
  ) {
    const after = await requisitionState(id);
    expect(after.version).toBe(before.version + 1);
    expect(after.eventSequence).toBe(before.eventSequence + 1);
    const events = await requisitionEvents(id);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    const newest = events[events.length - 1];
    expect(newest.type).toBe(type);
    expect(newest.sequence).toBe(after.eventSequence);
    return { after, event: newest };
  }

  /** A refused change wrote nothing: same version, same stages, no new event. */
  async function expectUnchanged(id: string, before: Awaited<ReturnType<typeof requisitionState>>) {
    expect(await requisitionState(id)).toEqual(before);
    expect((await requisitionEvents(id)).length).toBe(before.eventSequence);
  }

  const ADD = `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) { ${STAGE_PAYLOAD} } }`;
  const UPDATE = `mutation($input: UpdatePipelineStageInput!) { updatePipelineStage(input: $input) { ${STAGE_PAYLOAD} } }`;
  const REORDER = `mutation($input: ReorderPipelineStagesInput!) { reorderPipelineStages(input: $input) {
    stages { id name position } requisition { id version stages { id name position } } userErrors { code field message } } }`;
  const REMOVE = `mutation($input: RemovePipelineStageInput!) { removePipelineStage(input: $input) {
    removedStageId requisition { id version stages { id name kind position } } userErrors { code field message } } }`;

  describe('addPipelineStage', () => {
    it('inserts just before Hired by default', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const data = await t.ok<any>(ADD, {
        input: { requisitionId: requisition.id, name: '  Take-home  ', kind: 'TAKE_HOME' },
      });
      const payload = data.addPipelineStage;
      expect(payload.stage).toMatchObject({ name: 'Take-home', kind: 'TAKE_HOME', position: 6 });
      expect(payload.requisition.version).toBe(before.version + 1);
      expect(payload.requisition.stages.map((s: any) => [s.name, s.position])).toEqual([
        ['Applied', 0],
        ['Recruiter screen', 1],
        ['Technical screen', 2],
        ['ML system design', 3],
        ['Onsite', 4],
        ['Offer', 5],
        ['Take-home', 6],
        ['Hired', 7],
      ]);
      const { event, after } = await expectOneEvent(requisition.id, before, 'pipeline_stage.added');
      expect(after.stages).toEqual(payload.requisition.stages);
      expect(event.data).toMatchObject({
        requisitionId: requisition.id,
        stageId: payload.stage.id,
        name: 'Take-home',
        kind: 'TAKE_HOME',
        position: 6,
      });
    });

    it('inserts at an explicit position, with expectedVersion', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const data = await t.ok<any>(ADD, {
        input: {
          requisitionId: requisition.id,
          name: 'Sourcing',
          kind: 'CUSTOM',
          position: 0,
          expectedVersion: before.version,
        },
      });
      expect(data.addPipelineStage.stage).toMatchObject({ name: 'Sourcing', kind: 'CUSTOM', position: 0 });
      expect(data.addPipelineStage.requisition.stages.map((s: any) => s.name)).toEqual([
        'Sourcing',
        ...DEFAULT_STAGES,
      ]);
      expect(data.addPipelineStage.requisition.stages.map((s: any) => s.position)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7,
      ]);
      await expectOneEvent(requisition.id, before, 'pipeline_stage.added');
      const third = await t.ok<any>(ADD, {
        input: { requisitionId: requisition.id, name: 'Paper review', position: 3 },
      });
      expect(third.addPipelineStage.requisition.stages.map((s: any) => s.name)).toEqual([
        'Sourcing',
        'Applied',
        'Recruiter screen',
        'Paper review',
        'Technical screen',
        'ML system design',
        'Onsite',
        'Offer',
        'Hired',
      ]);
    });

    it.each<[string, (r: CreatedRequisition) => Record<string, unknown>, string, string[]]>([
      [
        'a duplicate name (any case)',
        (r) => ({ requisitionId: r.id, name: 'ONSITE' }),
        'DUPLICATE_STAGE_NAME',
        ['input', 'name'],
      ],
      [
        'a second HIRED stage',
        (r) => ({ requisitionId: r.id, name: 'Hired again', kind: 'HIRED' }),
        'INVALID_INPUT',
        ['input', 'kind'],
      ],
      [
        'a stale expectedVersion',
        (r) => ({ requisitionId: r.id, name: 'Late', expectedVersion: 1 }),
        'STALE_VERSION',
        ['input', 'expectedVersion'],
      ],
      [
        'an unknown requisition',
        () => ({ requisitionId: globalIdOf('Requisition', randomUUID()), name: 'Ghost' }),
        'NOT_FOUND',
        ['input', 'requisitionId'],
      ],
    ])('refuses %s and writes nothing', async (_name, input, code, field) => {
      const requisition = await createRequisition(t); // version 2 once opened
      const before = await requisitionState(requisition.id);
      const stagesBefore = await countRows(t, 'pipeline_stage');
      const response = await t.gql<any>(ADD, { input: input(requisition) });
      expect(response.errors).toBeUndefined();
      expect(response.data.addPipelineStage).toEqual({
        stage: null,
        requisition: null,
        userErrors: [{ code, field, message: expect.any(String) }],
      });
      await expectUnchanged(requisition.id, before);
      expect(await countRows(t, 'pipeline_stage')).toBe(stagesBefore);
    });
  });

  describe('updatePipelineStage', () => {
    it('renames a stage', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const data = await t.ok<any>(UPDATE, {
        input: { id: requisition.stages[1].id, name: 'Phone screen', expectedVersion: before.version },
      });
      expect(data.updatePipelineStage.stage).toEqual({
        id: requisition.stages[1].id,
        name: 'Phone screen',
        kind: 'SCREEN',
        position: 1,
      });
      expect(data.updatePipelineStage.requisition.version).toBe(before.version + 1);
      const { after, event } = await expectOneEvent(requisition.id, before, 'pipeline_stage.updated');
      expect(after.stages.map((s) => s.name)).toEqual([
        'Applied',
        'Phone screen',
        ...DEFAULT_STAGES.slice(2),
      ]);
      expect(event.data).toMatchObject({ stageId: requisition.stages[1].id, name: 'Phone screen' });
      // The old name is free again.
      const added = await t.ok<any>(ADD, {
        input: { requisitionId: requisition.id, name: 'Recruiter screen' },
      });
      expect(added.addPipelineStage.stage.name).toBe('Recruiter screen');
    });

    it('refuses a name another stage has (DUPLICATE_STAGE_NAME) and writes nothing', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const response = await t.gql<any>(UPDATE, { input: { id: requisition.stages[1].id, name: 'applied' } });
      expect(response.data.updatePipelineStage).toEqual({
        stage: null,
        requisition: null,
        userErrors: [{ code: 'DUPLICATE_STAGE_NAME', field: ['input', 'name'], message: expect.any(String) }],
      });
      await expectUnchanged(requisition.id, before);
    });

    it('refuses a stale expectedVersion and an unknown stage', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const stale = await t.gql<any>(UPDATE, {
        input: { id: requisition.stages[1].id, name: 'X', expectedVersion: before.version - 1 },
      });
      expect(stale.data.updatePipelineStage.userErrors.map((e: any) => e.code)).toEqual(['STALE_VERSION']);
      const unknown = await t.gql<any>(UPDATE, {
        input: { id: globalIdOf('PipelineStage', randomUUID()), name: 'X' },
      });
      expect(unknown.data.updatePipelineStage.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'id'], message: expect.any(String) },
      ]);
      await expectUnchanged(requisition.id, before);
    });
  });

  describe('reorderPipelineStages', () => {
    it('applies a new order', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const ids = requisition.stages.map((s) => s.id);
      // Offer before Onsite, ML system design first.
      const order = [ids[3], ids[0], ids[1], ids[2], ids[5], ids[4], ids[6]];
      const data = await t.ok<any>(REORDER, {
        input: { requisitionId: requisition.id, stageIds: order, expectedVersion: before.version },
      });
      const expectedNames = [
        'ML system design',
        'Applied',
        'Recruiter screen',
        'Technical screen',
        'Offer',
        'Onsite',
        'Hired',
      ];
      expect(data.reorderPipelineStages.stages.map((s: any) => [s.id, s.name, s.position])).toEqual(
        order.map((id, i) => [id, expectedNames[i], i]),
      );
      expect(data.reorderPipelineStages.requisition.version).toBe(before.version + 1);
      const { after, event } = await expectOneEvent(requisition.id, before, 'pipeline_stage.reordered');
      expect(after.stages.map((s) => s.id)).toEqual(order);
      expect(after.stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(event.data.stageIds).toEqual(order);
      // The default insert position follows the Hired stage wherever it is.
      const moved = await t.ok<any>(REORDER, {
        input: { requisitionId: requisition.id, stageIds: [order[6], ...order.slice(0, 6)] },
      });
      expect(moved.reorderPipelineStages.stages[0].name).toBe('Hired');
      const added = await t.ok<any>(ADD, { input: { requisitionId: requisition.id, name: 'Pre-screen' } });
      expect(added.addPipelineStage.requisition.stages.map((s: any) => s.name).slice(0, 2)).toEqual([
        'Pre-screen',
        'Hired',
      ]);
    });

    it.each<[string, (ids: string[]) => string[]]>([
      ['an incomplete list', (ids) => ids.slice(0, 6)],
      ['a duplicated stage', (ids) => [...ids.slice(0, 6), ids[0]]],
      ['a duplicated stage on top of the complete list', (ids) => [...ids, ids[2]]],
      ['a malformed id', (ids) => [...ids.slice(0, 6), 'nonsense']],
      ['an unknown stage', (ids) => [...ids.slice(0, 6), globalIdOf('PipelineStage', randomUUID())]],
    ])('refuses %s with INVALID_INPUT and writes nothing', async (_name, list) => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const response = await t.gql<any>(REORDER, {
        input: { requisitionId: requisition.id, stageIds: list(requisition.stages.map((s) => s.id)) },
      });
      expect(response.errors).toBeUndefined();
      expect(response.data.reorderPipelineStages).toEqual({
        stages: null,
        requisition: null,
        userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'stageIds'], message: expect.any(String) }],
      });
      await expectUnchanged(requisition.id, before);
    });

    it('refuses an unknown requisition with NOT_FOUND on requisitionId', async () => {
      const requisition = await createRequisition(t);
      const response = await t.gql<any>(REORDER, {
        input: {
          requisitionId: globalIdOf('Requisition', randomUUID()),
          stageIds: requisition.stages.map((s) => s.id),
        },
      });
      expect(response.data.reorderPipelineStages.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'requisitionId'], message: expect.any(String) },
      ]);
    });

    it("refuses another requisition's stage in the list", async () => {
      const requisition = await createRequisition(t);
      const other = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const response = await t.gql<any>(REORDER, {
        input: {
          requisitionId: requisition.id,
          stageIds: [...requisition.stages.slice(0, 6).map((s) => s.id), other.stages[6].id],
        },
      });
      expect(response.data.reorderPipelineStages.userErrors.map((e: any) => e.code)).toEqual([
        'INVALID_INPUT',
      ]);
      await expectUnchanged(requisition.id, before);
    });
  });

  describe('removePipelineStage', () => {
    it('removes an empty stage; history keeps it', async () => {
      const requisition = await createRequisition(t);
      const before = await requisitionState(requisition.id);
      const target = requisition.stages[3]; // ML system design
      const data = await t.ok<any>(REMOVE, { input: { id: target.id, expectedVersion: before.version } });
      expect(data.removePipelineStage.removedStageId).toBe(target.id);
      expect(data.removePipelineStage.requisition.stages.map((s: any) => [s.name, s.position])).toEqual([
        ['Applied', 0],
        ['Recruiter screen', 1],
        ['Technical screen', 2],
        ['Onsite', 3],
        ['Offer', 4],
        ['Hired', 5],
      ]);
      const { event } = await expectOneEvent(requisition.id, before, 'pipeline_stage.removed');
      expect(event.data).toMatchObject({ stageId: target.id, movedApplicationsToStageId: null });
      const node = await t.ok<any>(
        `query($id: ID!) { node(id: $id) { ... on PipelineStage { name position removedAt } } }`,
        { id: target.id },
      );
      expect(node.node.name).toBe('ML system design');
      expect(node.node.position).toBeNull();
      expect(node.node.removedAt).toEqual(expect.any(String));
      // A removed stage is gone for good: removing it again or moving into it is NOT_FOUND.
      const again = await t.gql<any>(REMOVE, { input: { id: target.id } });
      expect(again.data.removePipelineStage.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
      // Its name can be used again.
      await t.ok(ADD, { input: { requisitionId: requisition.id, name: 'ML system design' } });
    });

    it('moves the applications of a non-empty stage to the named one, each with one transition and one event', async () => {
      const requisition = await createRequisition(t);
      const technical = requisition.stages[2];
      const onsite = requisition.stages[4];
      const moved: string[] = [];
      for (let i = 0; i < 3; i++) {
        const candidate = await createCandidate(t);
        const application = await createApplication(t, candidate.id, requisition.id);
        await t.ok(MOVE_APPLICATION, { input: { id: application.id, stageId: technical.id } });
        moved.push(application.id);
      }
      // One of them rejected: it moves with the stage but stays rejected.
      await t.ok(
        `mutation($input: RejectApplicationInput!) { rejectApplication(input: $input) { userErrors { code } } }`,
        {
          input: { id: moved[2], reason: 'Not enough production ML experience' },
        },
      );
      const stayer = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const appsBefore = await t.sql<{ id: string; version: number; event_sequence: number }>(
        'SELECT id, version, event_sequence FROM application WHERE requisition_id = $1',
        [rawId(requisition.id)],
      );
      const versionOf = new Map(appsBefore.map((a) => [a.id, a]));
      const before = await requisitionState(requisition.id);

      // Without a target: refused.
      const refused = await t.gql<any>(REMOVE, { input: { id: technical.id } });
      expect(refused.data.removePipelineStage).toEqual({
        removedStageId: null,
        requisition: null,
        userErrors: [
          {
            code: 'STAGE_NOT_EMPTY',
            field: ['input', 'moveApplicationsToStageId'],
            message: expect.stringContaining('3'),
          },
        ],
      });
      await expectUnchanged(requisition.id, before);

      const data = await t.ok<any>(REMOVE, {
        input: { id: technical.id, moveApplicationsToStageId: onsite.id },
      });
      expect(data.removePipelineStage.removedStageId).toBe(technical.id);
      const { event } = await expectOneEvent(requisition.id, before, 'pipeline_stage.removed');
      expect(event.data).toMatchObject({
        stageId: technical.id,
        movedApplicationsToStageId: onsite.id,
      });

      for (const [index, id] of moved.entries()) {
        const previous = versionOf.get(rawId(id))!;
        const app = await t.ok<any>(
          `query($id: ID!) { application(id: $id) { status version stage { id } transitions(first: 1) { edges { node { sequence fromStatus toStatus reason fromStage { id } toStage { id } } } } } }`,
          { id },
        );
        expect(app.application).toMatchObject({
          status: index === 2 ? 'REJECTED' : 'ACTIVE',
          version: previous.version + 1,
          stage: { id: onsite.id },
        });
        const status = index === 2 ? 'REJECTED' : 'ACTIVE';
        expect(app.application.transitions.edges[0].node).toEqual({
          sequence: previous.event_sequence + 1,
          fromStatus: status,
          toStatus: status,
          reason: 'Stage removed',
          fromStage: { id: technical.id },
          toStage: { id: onsite.id },
        });
        const transitions = await t.sql<{ sequence: number }>(
          `SELECT sequence FROM stage_transition WHERE application_id = $1 AND from_stage_id = $2 AND to_stage_id = $3`,
          [rawId(id), rawId(technical.id), rawId(onsite.id)],
        );
        expect(transitions).toEqual([{ sequence: previous.event_sequence + 1 }]);
        const events = await t.sql<{ type: string; sequence: number }>(
          `SELECT type, sequence FROM event WHERE aggregate_type = 'application' AND aggregate_id = $1 ORDER BY sequence`,
          [rawId(id)],
        );
        expect(events.map((e) => e.sequence)).toEqual(
          Array.from({ length: previous.event_sequence + 1 }, (_, i) => i + 1),
        );
        expect(events[events.length - 1].type).toBe('application.stage_changed');
      }
      // The application that was elsewhere is untouched.
      const [stayerRow] = await t.sql<{ version: number; event_sequence: number }>(
        'SELECT version, event_sequence FROM application WHERE id = $1',
        [rawId(stayer.id)],
      );
      expect(stayerRow).toEqual({
        version: versionOf.get(rawId(stayer.id))!.version,
        event_sequence: versionOf.get(rawId(stayer.id))!.event_sequence,
      });
      const board = await t.ok<any>(
        `query($id: ID!) { requisition(id: $id) { stages { name applicationCount } } }`,
        { id: requisition.id },
      );
      expect(board.requisition.stages).toEqual([
        { name: 'Applied', applicationCount: 1 },
        { name: 'Recruiter screen', applicationCount: 0 },
        { name: 'ML system design', applicationCount: 0 },
        { name: 'Onsite', applicationCount: 2 },
        { name: 'Offer', applicationCount: 0 },
        { name: 'Hired', applicationCount: 0 },
      ]);
    });

    it.each<
      [
        string,
        (r: CreatedRequisition, other: CreatedRequisition) => Record<string, unknown>,
        string,
        string[],
      ]
    >([
      ['removing the HIRED stage', (r) => ({ id: r.stages[6].id }), 'STAGE_NOT_REMOVABLE', ['input', 'id']],
      [
        'removing the HIRED stage, even with a target',
        (r) => ({ id: r.stages[6].id, moveApplicationsToStageId: r.stages[5].id }),
        'STAGE_NOT_REMOVABLE',
        ['input', 'id'],
      ],
      [
        'moving the applications into the HIRED stage',
        (r) => ({ id: r.stages[1].id, moveApplicationsToStageId: r.stages[6].id }),
        'INVALID_INPUT',
        ['input', 'moveApplicationsToStageId'],
      ],
      [
        'moving the applications into the stage itself',
        (r) => ({ id: r.stages[1].id, moveApplicationsToStageId: r.stages[1].id }),
        'INVALID_INPUT',
        ['input', 'moveApplicationsToStageId'],
      ],
      [
        "moving the applications into another requisition's stage",
        (r, o) => ({ id: r.stages[1].id, moveApplicationsToStageId: o.stages[1].id }),
        'STAGE_NOT_IN_REQUISITION',
        ['input', 'moveApplicationsToStageId'],
      ],
      [
        'moving the applications into a malformed stage id',
        (r) => ({ id: r.stages[1].id, moveApplicationsToStageId: 'bogus' }),
        'NOT_FOUND',
        ['input', 'moveApplicationsToStageId'],
      ],
      [
        'a stale expectedVersion',
        (r) => ({ id: r.stages[1].id, expectedVersion: 1 }),
        'STALE_VERSION',
        ['input', 'expectedVersion'],
      ],
      [
        'removing an unknown stage',
        () => ({ id: globalIdOf('PipelineStage', randomUUID()) }),
        'NOT_FOUND',
        ['input', 'id'],
      ],
    ])('refuses %s and writes nothing', async (_name, input, code, field) => {
      const requisition = await createRequisition(t);
      const other = await createRequisition(t);
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id, {
        stageId: requisition.stages[1].id,
      });
      const before = await requisitionState(requisition.id);
      const transitions = await countRows(t, 'stage_transition', 'application_id = $1', [
        rawId(application.id),
      ]);
      const response = await t.gql<any>(REMOVE, { input: input(requisition, other) });
      expect(response.errors).toBeUndefined();
      expect(response.data.removePipelineStage).toEqual({
        removedStageId: null,
        requisition: null,
        userErrors: [{ code, field, message: expect.any(String) }],
      });
      await expectUnchanged(requisition.id, before);
      expect(await countRows(t, 'stage_transition', 'application_id = $1', [rawId(application.id)])).toBe(
        transitions,
      );
      const app = await t.ok<any>(`query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`, {
        id: application.id,
      });
      expect(app.application.stage.id).toBe(requisition.stages[1].id);
    });
  });
});
