import { randomUUID } from 'node:crypto';
import {
  createApplication,
  createCandidate,
  createRequisition,
  CreatedApplication,
  CreatedRequisition,
  makeGlobalId,
  moveApplication,
  unique,
} from '../../factories';
import { TestApp, TestUser } from '../../support/test-app';
import { Matrix, QueryWorld } from './harness';
import { Scope } from './matrix';

export const PHONE = '+1 415 555 0100';

export const missingId = (type: string) => makeGlobalId(type, randomUUID());

export const stageNamed = (r: CreatedRequisition, name: string) => r.stages.find((s) => s.name === name)!.id;

export const addMember = (t: TestApp, requisitionId: string, userId: string, role: string) =>
  t.ok(
    `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code } } }`,
    { input: { requisitionId, userId, role } },
  );

type RequisitionName = 'A1' | 'B1' | 'A2' | 'B2' | 'A3';

/**
 * Requisitions in and out of reach for the queries: a hiring manager and an interviewer of their own (not the
 * principals, whom mutations put on more teams) are on A1, A2 and A3, not on B1 and B2, so every count is exact.
 */
export interface ReachWorld extends QueryWorld {
  members: Record<'HIRING_MANAGER' | 'INTERVIEWER', TestUser>;
  req: Record<RequisitionName, CreatedRequisition>;
}

export async function createReachWorld(t: TestApp): Promise<ReachWorld> {
  const [hm, interviewer] = await Promise.all([
    t.userWithRole('HIRING_MANAGER'),
    t.userWithRole('INTERVIEWER'),
  ]);
  const req = {} as ReachWorld['req'];
  // One after another: lists are ordered by creation.
  for (const name of ['A1', 'B1', 'A2', 'B2', 'A3'] as const) {
    req[name] = await createRequisition(t, { title: `ML engineer ${name} ${unique()}` });
    if (name.startsWith('A')) {
      await addMember(t, req[name].id, hm.id, 'HIRING_MANAGER');
      await addMember(t, req[name].id, interviewer.id, 'INTERVIEWER');
    }
  }
  return {
    members: { HIRING_MANAGER: hm, INTERVIEWER: interviewer },
    credential: { HIRING_MANAGER: hm.token, INTERVIEWER: interviewer.token },
    req,
  };
}

/**
 * Candidates with applications on those requisitions: cA1 on A1, cB on B1, cAB on A3 and B1, cA on A3; appA and
 * appB moved to the recruiter screen (their transitions A and B).
 */
export interface PeopleWorld extends ReachWorld {
  cand: Record<'cA1' | 'cB' | 'cAB' | 'cA', { id: string; email: string }>;
  app: Record<'appA1' | 'appB' | 'appAB_A' | 'appAB_B' | 'appA', { id: string }>;
  transition: Record<'A' | 'B', string>;
}

export async function createPeopleWorld(t: TestApp): Promise<PeopleWorld> {
  const world = await createReachWorld(t);
  const { req } = world;
  const cand = {} as PeopleWorld['cand'];
  for (const name of ['cA1', 'cB', 'cAB', 'cA'] as const) {
    cand[name] = await createCandidate(t, { phone: PHONE });
  }
  const app = {} as PeopleWorld['app'];
  app.appA1 = await createApplication(t, cand.cA1.id, req.A1.id);
  app.appB = await createApplication(t, cand.cB.id, req.B1.id);
  app.appAB_A = await createApplication(t, cand.cAB.id, req.A3.id);
  app.appAB_B = await createApplication(t, cand.cAB.id, req.B1.id);
  app.appA = await createApplication(t, cand.cA.id, req.A3.id);
  const a = await moveApplication(t, { id: app.appA.id, stageId: stageNamed(req.A3, 'Recruiter screen') });
  const b = await moveApplication(t, { id: app.appB.id, stageId: stageNamed(req.B1, 'Recruiter screen') });
  return { ...world, cand, app, transition: { A: a.transition.id, B: b.transition.id } };
}

/** What mutation rows prepare their records with. */
export interface MutationKit {
  t: TestApp;
  /** A new requisition; on `own`, the hiring manager and interviewer principals are on its hiring team. */
  requisitionFor: (scope: Scope, open?: boolean) => Promise<CreatedRequisition>;
  /** A new candidate's application on the requisition. */
  applicationOn: (r: CreatedRequisition) => Promise<CreatedApplication>;
  /** The first row of a statement's result. */
  row: (sql: string, params: unknown[]) => Promise<any>;
}

export function mutationKit(m: Matrix): MutationKit {
  return {
    t: m.t,
    requisitionFor: async (scope, open = true) => {
      const requisition = await createRequisition(m.t, {}, { open });
      if (scope === 'own') {
        await addMember(m.t, requisition.id, m.userId.HIRING_MANAGER!, 'HIRING_MANAGER');
        await addMember(m.t, requisition.id, m.userId.INTERVIEWER!, 'INTERVIEWER');
      }
      return requisition;
    },
    applicationOn: async (r) => createApplication(m.t, (await createCandidate(m.t)).id, r.id),
    row: async (sql, params) => (await m.t.sql(sql, params))[0],
  };
}
