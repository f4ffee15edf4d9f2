import { randomUUID } from 'node:crypto';
import { countRows, createApplication, createCandidate, createRequisition } from '../factories';
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

  /**
   * The stage mutations' contract: payload shapes, the mapping of refusals to `['input', …]` and of global ids that
   * name nothing to NOT_FOUND. Their rules, versions, events and what refusals leave unwritten are pinned in
   * test/medium/pipeline/pipeline-stages.medium-spec.ts.
   */
  describe('stage management', () => {
    const ADD = `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) { ${STAGE_PAYLOAD} } }`;
    const UPDATE = `mutation($input: UpdatePipelineStageInput!) { updatePipelineStage(input: $input) { ${STAGE_PAYLOAD} } }`;
    const REORDER = `mutation($input: ReorderPipelineStagesInput!) { reorderPipelineStages(input: $input) {
      stages { id name position } requisition { id version stages { id name position } } userErrors { code field message } } }`;
    const REMOVE = `mutation($input: RemovePipelineStageInput!) { removePipelineStage(input: $input) {
      removedStageId requisition { id version stages { id name kind position } } userErrors { code field message } } }`;
    const refused = (code: string, field: string[]) => [{ code, field, message: expect.any(String) }];

    it('addPipelineStage answers the stage and the requisition with its stages in order', async () => {
      const requisition = await createRequisition(t);
      const data = await t.ok<any>(ADD, {
        input: { requisitionId: requisition.id, name: 'Take-home', kind: 'TAKE_HOME', expectedVersion: 2 },
      });
      const payload = data.addPipelineStage;
      expect(payload.stage).toEqual({
        id: expect.any(String),
        name: 'Take-home',
        kind: 'TAKE_HOME',
        position: 6,
      });
      expect(payload.userErrors).toEqual([]);
      expect(payload.requisition).toMatchObject({ id: requisition.id, version: 3 });
      expect(payload.requisition.stages.map((s: any) => [s.name, s.position])).toEqual(
        [...DEFAULT_STAGES.slice(0, 6), 'Take-home', 'Hired'].map((name, i) => [name, i]),
      );
      const duplicate = await t.gql<any>(ADD, { input: { requisitionId: requisition.id, name: 'ONSITE' } });
      expect(duplicate.data.addPipelineStage).toEqual({
        stage: null,
        requisition: null,
        userErrors: refused('DUPLICATE_STAGE_NAME', ['input', 'name']),
      });
      const unknown = await t.gql<any>(ADD, {
        input: { requisitionId: globalIdOf('Requisition', randomUUID()), name: 'Ghost' },
      });
      expect(unknown.data.addPipelineStage.userErrors).toEqual(
        refused('NOT_FOUND', ['input', 'requisitionId']),
      );
    });

    it('updatePipelineStage renames a stage; an id that names no stage is NOT_FOUND', async () => {
      const requisition = await createRequisition(t);
      const data = await t.ok<any>(UPDATE, {
        input: { id: requisition.stages[1].id, name: 'Phone screen', expectedVersion: 2 },
      });
      expect(data.updatePipelineStage.stage).toEqual({
        id: requisition.stages[1].id,
        name: 'Phone screen',
        kind: 'SCREEN',
        position: 1,
      });
      expect(data.updatePipelineStage.requisition.version).toBe(3);
      for (const id of [globalIdOf('PipelineStage', randomUUID()), requisition.id, 'nonsense']) {
        const unknown = await t.gql<any>(UPDATE, { input: { id, name: 'X' } });
        expect(unknown.data.updatePipelineStage.userErrors).toEqual(refused('NOT_FOUND', ['input', 'id']));
      }
    });

    it('reorderPipelineStages answers the stages in their new order; ids that name no stage of it are refused', async () => {
      const requisition = await createRequisition(t);
      const ids = requisition.stages.map((s) => s.id);
      const order = [ids[3], ids[0], ids[1], ids[2], ids[5], ids[4], ids[6]];
      const data = await t.ok<any>(REORDER, {
        input: { requisitionId: requisition.id, stageIds: order, expectedVersion: 2 },
      });
      expect(data.reorderPipelineStages.stages.map((s: any) => [s.id, s.position])).toEqual(
        order.map((id, i) => [id, i]),
      );
      expect(data.reorderPipelineStages.requisition.stages.map((s: any) => s.id)).toEqual(order);
      for (const last of ['nonsense', globalIdOf('PipelineStage', randomUUID())]) {
        const response = await t.gql<any>(REORDER, {
          input: { requisitionId: requisition.id, stageIds: [...order.slice(0, 6), last] },
        });
        expect(response.data.reorderPipelineStages).toEqual({
          stages: null,
          requisition: null,
          userErrors: refused('INVALID_INPUT', ['input', 'stageIds']),
        });
      }
      const unknown = await t.gql<any>(REORDER, {
        input: { requisitionId: globalIdOf('Requisition', randomUUID()), stageIds: order },
      });
      expect(unknown.data.reorderPipelineStages.userErrors).toEqual(
        refused('NOT_FOUND', ['input', 'requisitionId']),
      );
    });

    it('removePipelineStage answers the removed id; the stage stays readable, removed, for history', async () => {
      const requisition = await createRequisition(t);
      const target = requisition.stages[3];
      const bogus = await t.gql<any>(REMOVE, {
        input: { id: target.id, moveApplicationsToStageId: 'bogus' },
      });
      expect(bogus.data.removePipelineStage).toEqual({
        removedStageId: null,
        requisition: null,
        userErrors: refused('NOT_FOUND', ['input', 'moveApplicationsToStageId']),
      });
      const data = await t.ok<any>(REMOVE, { input: { id: target.id, expectedVersion: 2 } });
      expect(data.removePipelineStage.removedStageId).toBe(target.id);
      expect(data.removePipelineStage.requisition.stages.map((s: any) => [s.name, s.position])).toEqual(
        DEFAULT_STAGES.filter((name) => name !== 'ML system design').map((name, i) => [name, i]),
      );
      const node = await t.ok<any>(
        `query($id: ID!) { node(id: $id) { ... on PipelineStage { name position removedAt } } }`,
        { id: target.id },
      );
      expect(node.node).toEqual({ name: 'ML system design', position: null, removedAt: expect.any(String) });
      const again = await t.gql<any>(REMOVE, { input: { id: target.id } });
      expect(again.data.removePipelineStage.userErrors).toEqual(refused('NOT_FOUND', ['input', 'id']));
    });
  });
});
