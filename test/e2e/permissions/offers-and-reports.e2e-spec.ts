import { runMutationRows, runQueryRows, setUpMatrix } from './harness';
import {
  createOfferWorld,
  OFFER_AND_REPORT_MUTATIONS,
  OFFER_AND_REPORT_QUERIES,
  OfferWorld,
} from './rows/offers-and-reports';
import { createPeopleWorld, MutationKit, mutationKit } from './world';

/*
 * Offers (compensation data: interviewers never see them), rejection reasons, bulk decisions and hiring reports,
 * for every principal of the matrix (matrix.ts, from the README's roles table), on a requisition whose hiring
 * team the caller is on and another one.
 */
describe('permissions: offers, rejection reasons, bulk decisions, reports', () => {
  const m = setUpMatrix();
  let world: OfferWorld;
  let kit: MutationKit;
  beforeAll(async () => {
    world = await createOfferWorld(await createPeopleWorld(m.t), m.t);
    kit = mutationKit(m);
  });

  describe('queries', () => {
    runQueryRows(m, () => world, OFFER_AND_REPORT_QUERIES);
  });

  describe('mutations', () => {
    runMutationRows(m, () => kit, OFFER_AND_REPORT_MUTATIONS);
  });
});
