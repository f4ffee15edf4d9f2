import { toGlobalId } from '../../src/common/graphql/global-id';
import {
  countRows,
  createApplication,
  createCandidate,
  CreatedApplication,
  createRequisition,
  unique,
} from '../factories';
import { MOVE_APPLICATION, rawId } from '../factories/bulk';
import { createTestApp, TestApp } from '../support/test-app';

/** Fires every request at once (separate HTTP requests, separate transactions) and waits for all of them. */
const inParallel = <T>(count: number, request: (index: number) => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: count }, (_, i) => request(i)));

describe('concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const transitionsOf = (applicationId: string) =>
    t.sql<{
      sequence: number;
      from_stage_id: string | null;
      to_stage_id: string;
      from_status: string | null;
      to_status: string;
    }>(
      'SELECT sequence, from_stage_id, to_stage_id, from_status, to_status FROM stage_transition WHERE application_id = $1 ORDER BY sequence',
      [rawId(applicationId)],
    );
  const eventsOf = (aggregateType: string, id: string) =>
    t.sql<{ type: string; sequence: number; data: Record<string, unknown> }>(
      'SELECT type, sequence, data FROM event WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY sequence',
      [aggregateType, rawId(id)],
    );
  const applicationRow = async (id: string) =>
    (
      await t.sql<{ version: number; event_sequence: number; stage_id: string; status: string }>(
        'SELECT version, event_sequence, stage_id, status FROM application WHERE id = $1',
        [rawId(id)],
      )
    )[0];

  it('16 parallel moves with the same expectedVersion: exactly one wins, 15 are STALE_VERSION', async () => {
    const requisition = await createRequisition(t);
    const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
    expect(application.version).toBe(1);
    const target = requisition.stages[1];
    expect(await transitionsOf(application.id)).toHaveLength(1);
    expect(await eventsOf('application', application.id)).toHaveLength(1);

    const responses = await inParallel(16, () =>
      t.gql<any>(MOVE_APPLICATION, { input: { id: application.id, stageId: target.id, expectedVersion: 1 } }),
    );
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
    }
    const payloads = responses.map((r) => r.data.moveApplication);
    const winners = payloads.filter((p) => p.userErrors.length === 0);
    const losers = payloads.filter((p) => p.userErrors.length > 0);
    expect(winners).toHaveLength(1);
    expect(winners[0].application).toMatchObject({
      id: application.id,
      version: 2,
      status: 'ACTIVE',
      stage: { id: target.id },
    });
    expect(winners[0].transition).toMatchObject({
      fromStage: { id: requisition.stages[0].id },
      toStage: { id: target.id },
      sequence: 2,
    });
    expect(losers).toHaveLength(15);
    for (const loser of losers) {
      expect(loser.application).toBeNull();
      expect(loser.transition).toBeNull();
      expect(loser.userErrors).toEqual([
        {
          code: 'STALE_VERSION',
          field: ['input', 'expectedVersion'],
          message: expect.stringContaining('version 2'),
          existingId: null,
        },
      ]);
    }

    const transitions = await transitionsOf(application.id);
    expect(transitions.map((tr) => tr.sequence)).toEqual([1, 2]);
    expect(transitions[1]).toMatchObject({
      from_stage_id: rawId(requisition.stages[0].id),
      to_stage_id: rawId(target.id),
    });
    const events = await eventsOf('application', application.id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['application.created', 1],
      ['application.stage_changed', 2],
    ]);
    expect(await applicationRow(application.id)).toEqual({
      version: 2,
      event_sequence: 2,
      stage_id: rawId(target.id),
      status: 'ACTIVE',
    });
  });

  it('16 parallel moves without expectedVersion are serialised: none lost, gap-free history and events', async () => {
    const requisition = await createRequisition(t);
    // 16 distinct target stages besides the application's own, so each move is a real one whatever the order.
    let stages: { id: string; name: string; kind: string }[] = requisition.stages;
    for (let i = 1; i <= 11; i++) {
      const data = await t.ok<any>(
        `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) { requisition { stages { id name kind } } userErrors { code } } }`,
        { input: { requisitionId: requisition.id, name: `Panel ${i}` } },
      );
      stages = data.addPipelineStage.requisition.stages;
    }
    const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
    const targets = stages.filter((s) => s.kind !== 'HIRED' && s.id !== application.stage.id);
    expect(targets).toHaveLength(16);

    const responses = await inParallel(16, (i) =>
      t.gql<any>(MOVE_APPLICATION, {
        input: { id: application.id, stageId: targets[i].id, reason: `move ${i}` },
      }),
    );
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(response.data.moveApplication.userErrors).toEqual([]);
      expect(response.data.moveApplication.transition).not.toBeNull();
    }
    // Each request saw its own version: 2..17, each once.
    expect(
      responses.map((r) => r.data.moveApplication.application.version).sort((a: number, b: number) => a - b),
    ).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));

    const transitions = await transitionsOf(application.id);
    expect(transitions).toHaveLength(17);
    expect(transitions.map((tr) => tr.sequence)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    // A chain: each move starts where the previous one ended.
    for (let i = 1; i < transitions.length; i++)
      expect(transitions[i].from_stage_id).toBe(transitions[i - 1].to_stage_id);
    expect(new Set(transitions.slice(1).map((tr) => tr.to_stage_id))).toEqual(
      new Set(targets.map((s) => rawId(s.id))),
    );

    const row = await applicationRow(application.id);
    expect(row.version).toBe(application.version + 16);
    expect(row.stage_id).toBe(transitions[transitions.length - 1].to_stage_id);
    expect(row.event_sequence).toBe(17);

    const events = await eventsOf('application', application.id);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual([
      'application.created',
      ...Array(16).fill('application.stage_changed'),
    ]);
    // Each event describes the transition with the same sequence.
    events.forEach((event, i) =>
      expect(event.data).toMatchObject({
        toStageId: toGlobalId('PipelineStage', transitions[i].to_stage_id),
        sequence: i + 1,
      }),
    );

    const api = await t.ok<any>(
      `query($id: ID!) { application(id: $id) { version stage { id } transitions(first: 1) { totalCount edges { node { sequence toStage { id } } } } } }`,
      {
        id: application.id,
      },
    );
    expect(api.application.version).toBe(17);
    expect(api.application.transitions.totalCount).toBe(17);
    expect(api.application.transitions.edges[0].node).toEqual({
      sequence: 17,
      toStage: { id: api.application.stage.id },
    });
  });

  it('10 parallel createApplication for one candidate and requisition: one application, 9 DUPLICATE_APPLICATION naming it', async () => {
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const responses = await inParallel(10, () =>
      t.gql<any>(
        `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id version } userErrors { code field message existingId } } }`,
        {
          input: {
            candidateId: candidate.id,
            requisitionId: requisition.id,
            source: { kind: 'REFERRAL', detail: 'A colleague' },
          },
        },
      ),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    const payloads = responses.map((r) => r.data.createApplication);
    const created = payloads.filter((p) => p.application !== null);
    expect(created).toHaveLength(1);
    expect(created[0].userErrors).toEqual([]);
    const id = created[0].application.id;
    const duplicates = payloads.filter((p) => p.application === null);
    expect(duplicates).toHaveLength(9);
    for (const duplicate of duplicates) {
      expect(duplicate.userErrors).toEqual([
        {
          code: 'DUPLICATE_APPLICATION',
          field: ['input', 'candidateId'],
          message: expect.any(String),
          existingId: id,
        },
      ]);
    }
    expect(
      await countRows(t, 'application', 'candidate_id = $1 AND requisition_id = $2', [
        rawId(candidate.id),
        rawId(requisition.id),
      ]),
    ).toBe(1);
    expect((await transitionsOf(id)).map((tr) => tr.sequence)).toEqual([1]);
    expect((await eventsOf('application', id)).map((e) => e.type)).toEqual(['application.created']);
  });

  it('10 parallel createCandidate with one e-mail in different cases: one candidate, 9 DUPLICATE_CANDIDATE naming it', async () => {
    const local = `race.${unique()}`;
    const spellings = Array.from({ length: 10 }, (_, i) => {
      const email = `${local}@example.com`;
      // A different mix of upper and lower case for each request: bits of i over the letters of "race".
      return [...email].map((ch, k) => (k < 4 && (i >> k) & 1 ? ch.toUpperCase() : ch)).join('');
    });
    expect(new Set(spellings).size).toBe(10);
    const responses = await inParallel(10, (i) =>
      t.gql<any>(
        `mutation($input: CreateCandidateInput!) { createCandidate(input: $input) { candidate { id email } userErrors { code field message existingId } } }`,
        {
          input: {
            fullName: `Racing Person ${i}`,
            email: spellings[i],
            skills: [{ name: 'Python', years: 2 }],
          },
        },
      ),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    const payloads = responses.map((r) => r.data.createCandidate);
    const created = payloads.filter((p) => p.candidate !== null);
    expect(created).toHaveLength(1);
    const id = created[0].candidate.id;
    expect(spellings).toContain(created[0].candidate.email);
    const duplicates = payloads.filter((p) => p.candidate === null);
    expect(duplicates).toHaveLength(9);
    for (const duplicate of duplicates) {
      expect(duplicate.userErrors).toEqual([
        {
          code: 'DUPLICATE_CANDIDATE',
          field: ['input', 'email'],
          message: expect.any(String),
          existingId: id,
        },
      ]);
    }
    expect(await countRows(t, 'candidate', 'lower(email) = lower($1)', [`${local}@example.com`])).toBe(1);
    expect(await countRows(t, 'candidate_skill', 'candidate_id = $1', [rawId(id)])).toBe(1);
    expect((await eventsOf('candidate', id)).map((e) => e.type)).toEqual(['candidate.created']);
  });

  it('two parallel hires on a headcount-1 requisition: one HIRED, the other refused, the requisition FILLED', async () => {
    // Several rounds: the race has more than one interleaving.
    for (let round = 0; round < 4; round++) {
      const requisition = await createRequisition(t, { headcount: 1 });
      const offer = requisition.stages.find((s) => s.kind === 'OFFER')!;
      const hired = requisition.stages.find((s) => s.kind === 'HIRED')!;
      const applications: CreatedApplication[] = [];
      for (let i = 0; i < 2; i++) {
        const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
        await t.ok(MOVE_APPLICATION, { input: { id: application.id, stageId: offer.id } });
        applications.push(application);
      }
      const before = await Promise.all(applications.map((a) => applicationRow(a.id)));

      const responses = await inParallel(2, (i) =>
        t.gql<any>(MOVE_APPLICATION, { input: { id: applications[i].id, stageId: hired.id } }),
      );
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(response.errors).toBeUndefined();
      }
      const payloads = responses.map((r) => r.data.moveApplication);
      const winnerIndex = payloads.findIndex((p) => p.userErrors.length === 0);
      expect(winnerIndex).toBeGreaterThanOrEqual(0);
      const loserIndex = 1 - winnerIndex;
      expect(payloads[winnerIndex].application).toMatchObject({ status: 'HIRED', stage: { id: hired.id } });
      expect(payloads[loserIndex]).toEqual({
        application: null,
        transition: null,
        userErrors: [
          {
            code: 'REQUISITION_CLOSED',
            field: ['input', 'id'],
            message: expect.stringContaining('FILLED'),
            existingId: null,
          },
        ],
      });

      const state = await t.ok<any>(
        `query($id: ID!) { requisition(id: $id) { status headcount hiredCount } }`,
        { id: requisition.id },
      );
      expect(state.requisition).toEqual({ status: 'FILLED', headcount: 1, hiredCount: 1 });
      expect(
        await countRows(t, 'application', "requisition_id = $1 AND status = 'HIRED'", [
          rawId(requisition.id),
        ]),
      ).toBe(1);
      // The refused one is untouched: same stage, status, version, history.
      expect(await applicationRow(applications[loserIndex].id)).toEqual(before[loserIndex]);
      expect(await transitionsOf(applications[loserIndex].id)).toHaveLength(2);
      const requisitionEvents = await eventsOf('requisition', requisition.id);
      expect(
        requisitionEvents.filter((e) => e.type === 'requisition.status_changed').map((e) => e.data.toStatus),
      ).toEqual(['OPEN', 'FILLED']);
    }
  });

  it('refuses a hire once hires reach a lowered headcount (a user error, never an internal error)', async () => {
    const requisition = await createRequisition(t, { headcount: 2 });
    const hired = requisition.stages.find((s) => s.kind === 'HIRED')!;
    const first = await createApplication(t, (await createCandidate(t)).id, requisition.id);
    const second = await createApplication(t, (await createCandidate(t)).id, requisition.id);
    await t.ok(MOVE_APPLICATION, { input: { id: first.id, stageId: hired.id } });
    // Headcount lowered to the number already hired: allowed (not below it); the requisition stays OPEN.
    await t.ok(
      `mutation($input: UpdateRequisitionInput!) { updateRequisition(input: $input) { userErrors { code } } }`,
      {
        input: { id: requisition.id, headcount: 1 },
      },
    );
    const before = await applicationRow(second.id);
    const response = await t.gql<any>(MOVE_APPLICATION, { input: { id: second.id, stageId: hired.id } });
    expect(response.errors).toBeUndefined();
    expect(response.data.moveApplication.userErrors.map((e: any) => e.code)).toEqual(['REQUISITION_CLOSED']);
    expect(await applicationRow(second.id)).toEqual(before);
    const state = await t.ok<any>(`query($id: ID!) { requisition(id: $id) { headcount hiredCount } }`, {
      id: requisition.id,
    });
    expect(state.requisition).toEqual({ headcount: 1, hiredCount: 1 });
  });

  it('never lets hires exceed headcount when many race for the last seats', async () => {
    const requisition = await createRequisition(t, { headcount: 3 });
    const offer = requisition.stages.find((s) => s.kind === 'OFFER')!;
    const hired = requisition.stages.find((s) => s.kind === 'HIRED')!;
    const applications: CreatedApplication[] = [];
    for (let i = 0; i < 8; i++) {
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id, {
        stageId: offer.id,
      });
      applications.push(application);
    }
    const responses = await inParallel(8, (i) =>
      t.gql<any>(MOVE_APPLICATION, { input: { id: applications[i].id, stageId: hired.id } }),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    const codes = responses
      .map((r) => r.data.moveApplication.userErrors.map((e: any) => e.code).join(',') || 'OK')
      .sort();
    expect(codes).toEqual([
      'OK',
      'OK',
      'OK',
      'REQUISITION_CLOSED',
      'REQUISITION_CLOSED',
      'REQUISITION_CLOSED',
      'REQUISITION_CLOSED',
      'REQUISITION_CLOSED',
    ]);
    const state = await t.ok<any>(
      `query($id: ID!) { requisition(id: $id) { status headcount hiredCount } }`,
      { id: requisition.id },
    );
    expect(state.requisition).toEqual({ status: 'FILLED', headcount: 3, hiredCount: 3 });
    expect(
      await countRows(t, 'application', "requisition_id = $1 AND status = 'HIRED'", [rawId(requisition.id)]),
    ).toBe(3);
  });
});
