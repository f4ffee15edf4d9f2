import { databaseId, unique } from '../../../factories';
import { TestApp } from '../../../support/test-app';
import { MutationRow, nodeRow, QueryRow } from '../harness';
import { levelOf, PrincipalName } from '../matrix';
import { missingId, MutationKit, PeopleWorld, stageNamed } from '../world';

/** The people world with an offer on A1's application and one on B1's. */
export interface OfferWorld extends PeopleWorld {
  offer: Record<'A' | 'B', string>;
}

const TERMS = {
  baseSalary: { amount: 135000, currency: 'USD', period: 'YEAR' },
  signOnBonus: { amount: 10000, currency: 'USD' },
  equity: '0.05% over 4 years',
  startDate: '2027-03-01',
};
const expiresAt = () => new Date(Date.now() + 14 * 86_400_000).toISOString();

export async function createOffer(t: TestApp, applicationId: string, extra: Record<string, unknown> = {}) {
  const data = await t.ok<{ createOffer: { offer: { id: string } } }>(
    `mutation($input: CreateOfferInput!) { createOffer(input: $input) { offer { id } userErrors { code field message } } }`,
    { input: { applicationId, ...TERMS, expiresAt: expiresAt(), ...extra } },
  );
  return data.createOffer.offer.id;
}

export async function offerStep(
  t: TestApp,
  mutation: string,
  id: string,
  extra: Record<string, unknown> = {},
) {
  const inputType = mutation === 'recordOfferResponse' ? 'RecordOfferResponseInput' : 'OfferInput';
  await t.ok(
    `mutation($input: ${inputType}!) { ${mutation}(input: $input) { offer { status } userErrors { code field message } } }`,
    { input: { id, ...extra } },
  );
}

export async function createOfferWorld(world: PeopleWorld, t: TestApp): Promise<OfferWorld> {
  return {
    ...world,
    offer: { A: await createOffer(t, world.app.appA1.id), B: await createOffer(t, world.app.appB.id) },
  };
}

const offersReach = (p: PrincipalName) => levelOf(p, 'offers:read');
/** Reasons are a shared vocabulary, read by whoever reads applications. */
const reasonsReach = (p: PrincipalName) => (levelOf(p, 'candidates:read') === 'none' ? 'none' : 'all');

export const OFFER_AND_REPORT_QUERIES: QueryRow<OfferWorld>[] = [
  nodeRow<OfferWorld>('Offer', offersReach, (w) => ({ own: w.offer.A, other: w.offer.B })),
  {
    fields: ['offer'],
    title: 'offer(id): within reach, else null exactly like an offer that does not exist',
    reach: offersReach,
    forbiddenWithoutReach: false,
    document: `query($a: ID!, $b: ID!) { a: offer(id: $a) { id baseSalary { amount } } b: offer(id: $b) { id } }`,
    variables: (w) => ({ a: w.offer.A, b: w.offer.B }),
    check(data, { reach, world }) {
      if (reach === 'none') return expect(data).toEqual({ a: null, b: null });
      expect(data).toEqual({
        a: { id: world.offer.A, baseSalary: { amount: 135000 } },
        b: reach === 'all' ? { id: world.offer.B } : null,
      });
    },
  },
  {
    fields: ['offers'],
    title: 'offers by reach',
    reach: offersReach,
    forbiddenWithoutReach: true,
    document: '{ offers(first: 100) { totalCount edges { node { id } } } }',
    check(data, { reach, world }) {
      const ids = data.offers.edges.map((e: any) => e.node.id);
      if (reach === 'own') {
        expect(ids).toEqual([world.offer.A]);
        expect(data.offers.totalCount).toBe(1);
      } else {
        expect(ids).toEqual(expect.arrayContaining([world.offer.A, world.offer.B]));
      }
    },
  },
  {
    fields: ['application'],
    title: 'Application.offers: null (not even an empty list) without offers reach',
    reach: (p) => levelOf(p, 'candidates:read'),
    forbiddenWithoutReach: false,
    document: `query($id: ID!) { application(id: $id) { id offers { id } } }`,
    variables: (w) => ({ id: w.app.appA1.id }),
    check(data, { p, reach, world }) {
      if (reach === 'none') return expect(data.application).toBeNull();
      expect(data.application.offers).toEqual(offersReach(p) === 'none' ? null : [{ id: world.offer.A }]);
    },
  },
  {
    fields: ['rejectionReasons'],
    title: 'rejectionReasons: the shared list',
    reach: reasonsReach,
    forbiddenWithoutReach: true,
    document: '{ rejectionReasons(first: 100, category: WE_REJECTED) { edges { node { name category } } } }',
    check(data) {
      expect(data.rejectionReasons.edges.map((e: any) => e.node.name)).toEqual(
        expect.arrayContaining(['Skills gap', 'Position filled']),
      );
    },
  },
  {
    fields: ['hiringReport'],
    title: 'hiringReport covers the requisitions within reach only',
    reach: (p) => levelOf(p, 'reports:read'),
    forbiddenWithoutReach: true,
    document: `query($ids: [ID!]) { hiringReport(filter: { requisitionIds: $ids }) { requisitionCount sources { source applications } } }`,
    variables: (w) => ({ ids: [w.req.A1.id, w.req.B1.id] }),
    check(data, { reach }) {
      // A1 has appA1; B1 has appB and appAB_B (all SOURCED by the factory's JOB_BOARD source).
      expect(data.hiringReport.requisitionCount).toBe(reach === 'all' ? 2 : 1);
      const total = data.hiringReport.sources.reduce((n: number, s: any) => n + s.applications, 0);
      expect(total).toBe(reach === 'all' ? 3 : 1);
    },
  },
  {
    fields: ['eeoReport'],
    title: 'eeoReport: administrators only, no key',
    reach: (p) => levelOf(p, 'eeo:read'),
    forbiddenWithoutReach: true,
    document: `query($id: ID!) { eeoReport(filter: { requisitionId: $id }) { applications gender { category count } } }`,
    variables: (w) => ({ id: w.req.A1.id }),
    check(data) {
      // A1's applications gave no self-identification: all of them NOT_PROVIDED, fewer than 5.
      expect(data.eeoReport.applications).toBeGreaterThanOrEqual(1);
      expect(data.eeoReport.gender.map((c: any) => c.count)).toEqual(['<5', '<5', '<5', '<5']);
    },
  },
];

/** A new offer in `status` on a new application of a new requisition of the scope. */
async function offerIn(
  kit: MutationKit,
  scope: 'own' | 'other',
  status: 'DRAFT' | 'PENDING' | 'APPROVED' | 'SENT',
) {
  const r = await kit.requisitionFor(scope);
  const application = await kit.applicationOn(r);
  // A recruiter approver keeps it PENDING until decided; none approves at once.
  const id = await createOffer(kit.t, application.id);
  if (status !== 'DRAFT') await offerStep(kit.t, 'requestOfferApproval', id);
  if (status === 'SENT') await offerStep(kit.t, 'markOfferSent', id);
  return { r, application, id };
}

const offerStatus = async (kit: MutationKit, id: string) =>
  (await kit.row('SELECT status FROM offer WHERE id = $1', [databaseId(id)])).status as string;

export const OFFER_AND_REPORT_MUTATIONS: MutationRow<MutationKit>[] = [
  {
    title: 'createRejectionReason',
    mutation: 'createRejectionReason',
    inputType: 'CreateRejectionReasonInput',
    select: 'rejectionReason { name category active }',
    right: 'administer',
    scoped: false,
    async prepare() {
      const name = `Matrix reason ${unique()}`;
      return {
        input: { name, category: 'WE_REJECTED' },
        async verify(payload) {
          expect(payload.rejectionReason).toEqual({ name, category: 'WE_REJECTED', active: true });
        },
      };
    },
  },
  {
    title: 'updateRejectionReason (deactivate)',
    mutation: 'updateRejectionReason',
    inputType: 'UpdateRejectionReasonInput',
    select: 'rejectionReason { id active }',
    right: 'administer',
    scoped: false,
    async prepare(_scope, { t }) {
      const created = await t.ok<any>(
        `mutation($input: CreateRejectionReasonInput!) { createRejectionReason(input: $input) { rejectionReason { id } userErrors { code } } }`,
        { input: { name: `Matrix reason ${unique()}`, category: 'THEY_WITHDREW' } },
      );
      const id = created.createRejectionReason.rejectionReason.id;
      return {
        input: { id, active: false },
        async verify(payload) {
          expect(payload.rejectionReason).toEqual({ id, active: false });
        },
      };
    },
  },
  ...(
    [
      ['bulkRejectApplications', 'BulkRejectApplicationsInput', 'REJECTED'],
      ['bulkMoveApplications', 'BulkMoveApplicationsInput', 'ACTIVE'],
    ] as const
  ).map(([mutation, inputType, status]): MutationRow<MutationKit> => ({
    title: `${mutation} (on a requisition of the caller's team)`,
    mutation,
    inputType,
    select: 'results { id userErrors { code } }',
    right: 'applications:write',
    scoped: false,
    async prepare(scope, kit) {
      const r = await kit.requisitionFor(scope);
      const ids = [(await kit.applicationOn(r)).id, (await kit.applicationOn(r)).id];
      const extra =
        mutation === 'bulkRejectApplications'
          ? { reason: 'Not this time' }
          : { stageId: stageNamed(r, 'Recruiter screen') };
      return {
        input: { ids, ...extra },
        async verify(payload) {
          const stage = mutation === 'bulkMoveApplications' ? 'Recruiter screen' : 'Applied';
          expect(payload.results).toEqual(ids.map((id) => ({ id, userErrors: [] })));
          const rows = await kit.t.sql<{ status: string; name: string }>(
            `SELECT a.status, s.name FROM application a JOIN pipeline_stage s ON s.id = a.stage_id
             WHERE a.id = ANY($1::uuid[])`,
            [ids.map(databaseId)],
          );
          expect(rows).toEqual(ids.map(() => ({ status, name: stage })));
        },
      };
    },
  })),
  {
    title: 'createOffer',
    mutation: 'createOffer',
    inputType: 'CreateOfferInput',
    select: 'offer { status outsidePayBand }',
    right: 'offers:write',
    scoped: true,
    async prepare(scope, kit) {
      const r = await kit.requisitionFor(scope);
      const application = await kit.applicationOn(r);
      const input = { ...TERMS, expiresAt: expiresAt() };
      return {
        input: { applicationId: application.id, ...input },
        missing: { applicationId: missingId('Application'), ...input },
        async verify(payload) {
          expect(payload.offer).toEqual({ status: 'DRAFT', outsidePayBand: false });
        },
      };
    },
  },
  {
    title: 'updateOffer',
    mutation: 'updateOffer',
    inputType: 'UpdateOfferInput',
    select: 'offer { status equity }',
    right: 'offers:write',
    scoped: true,
    async prepare(scope, kit) {
      const { id } = await offerIn(kit, scope, 'DRAFT');
      return {
        input: { id, equity: 'none' },
        missing: { id: missingId('Offer'), equity: 'none' },
        async verify(payload) {
          expect(payload.offer).toEqual({ status: 'DRAFT', equity: 'none' });
        },
      };
    },
  },
  ...(
    [
      ['requestOfferApproval', 'OfferInput', 'DRAFT', 'APPROVED', {}],
      ['markOfferSent', 'OfferInput', 'PENDING', 'SENT', {}],
      ['recordOfferResponse', 'RecordOfferResponseInput', 'SENT', 'ACCEPTED', { response: 'ACCEPTED' }],
      ['rescindOffer', 'OfferInput', 'SENT', 'RESCINDED', {}],
    ] as const
  ).map(([mutation, inputType, from, to, extra]): MutationRow<MutationKit> => ({
    title: mutation,
    mutation,
    inputType,
    select: 'offer { status }',
    right: 'offers:write',
    scoped: true,
    async prepare(scope, kit) {
      // Offers without approvers inside the band: requesting approval approves them at once.
      const { id, application } = await offerIn(kit, scope, from);
      return {
        input: { id, ...extra },
        missing: { id: missingId('Offer'), ...extra },
        async verify(payload) {
          expect(payload.offer).toEqual({ status: to });
          expect(await offerStatus(kit, id)).toBe(to);
          if (to === 'ACCEPTED') {
            const row = await kit.row('SELECT status FROM application WHERE id = $1', [
              databaseId(application.id),
            ]);
            expect(row.status).toBe('HIRED');
          }
        },
      };
    },
  })),
];
