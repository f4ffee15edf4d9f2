import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { ApprovalDecision, OfferResponse } from '../offers/offer.enums';
import { OffersService } from '../offers/offers.service';
import { SalaryPeriod } from '../requisitions/requisition.enums';
import { SeedLog } from './seed-context';

/** The states the demo's offers are left in, in the order they are handed out. */
const STATES = ['SENT', 'APPROVED', 'PENDING_APPROVAL', 'DRAFT', 'DECLINED', 'EXPIRED', 'RESCINDED'] as const;
type DemoOfferState = (typeof STATES)[number];

const DAY = 86_400_000;

/**
 * Offers in several states for the demo's active applications in the Offer and Onsite stages (through the use
 * cases, so the approval chain, pay band, events and audit are real): one application each, in a fixed order, so a
 * second run finds them all there and adds none. Offers are never accepted here: the demo's hires are its own.
 */
export async function seedOffers(
  app: INestApplicationContext,
  requisitionIds: string[],
  log: SeedLog,
): Promise<number> {
  const dataSource = app.get(DataSource);
  const offers = app.get(OffersService);
  const candidates = await dataSource.query<
    {
      id: string;
      salary_min: string | null;
      salary_max: string | null;
      salary_currency: string | null;
      has_offer: boolean;
    }[]
  >(
    `SELECT a.id, r.salary_min, r.salary_max, r.salary_currency,
            EXISTS (SELECT 1 FROM offer o WHERE o.application_id = a.id) AS has_offer
     FROM application a JOIN pipeline_stage s ON s.id = a.stage_id JOIN requisition r ON r.id = a.requisition_id
     WHERE a.requisition_id = ANY($1::uuid[]) AND a.status = 'ACTIVE' AND s.kind IN ('OFFER', 'ONSITE')
       AND r.status IN ('OPEN', 'ON_HOLD')
     ORDER BY s.kind DESC, a.applied_at, a.id
     LIMIT $2`,
    [requisitionIds, STATES.length],
  );
  const [approver] = await dataSource.query<{ id: string }[]>(
    `SELECT id FROM app_user WHERE role = 'RECRUITER' AND active ORDER BY created_at, id LIMIT 1`,
  );
  let created = 0;
  for (const [index, candidate] of candidates.entries()) {
    if (candidate.has_offer) continue;
    const state = STATES[index];
    const min = Number(candidate.salary_min ?? 150_000);
    const max = Number(candidate.salary_max ?? 180_000);
    // Every third one above the band: it needs an administrator's approval too.
    const amount = index % 3 === 2 ? Math.round(max * 1.08) : Math.round((min + max) / 2);
    try {
      await play(
        offers,
        dataSource,
        state,
        {
          applicationId: candidate.id,
          baseSalary: { amount, currency: candidate.salary_currency ?? 'USD', period: SalaryPeriod.YEAR },
          signOnBonus:
            index % 2 === 0
              ? { amount: 20_000, currency: candidate.salary_currency ?? 'USD', period: null }
              : null,
          equity: '0.04% over 4 years, 1-year cliff',
          startDate: new Date(Date.now() + 45 * DAY).toISOString().slice(0, 10),
          expiresAt: new Date(Date.now() + 10 * DAY),
          approverIds: approver && state !== 'DRAFT' ? [approver.id] : [],
        },
        approver?.id ?? null,
      );
      created++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      log(`offer on application ${candidate.id} skipped: ${error.message}`);
    }
  }
  log(`offers: ${created} created (${candidates.length - created} already there or skipped)`);
  return created;
}

async function play(
  offers: OffersService,
  dataSource: DataSource,
  state: DemoOfferState,
  terms: Parameters<OffersService['create']>[0],
  approverId: string | null,
): Promise<void> {
  const offer = await offers.create(terms);
  if (state === 'DRAFT') return;
  await offers.requestApproval({ id: offer.id });
  if (state === 'PENDING_APPROVAL') return;
  // Decide the chain in order: the recruiter, then (outside the band) an administrator.
  for (;;) {
    const [pending] = await dataSource.query<{ pay_band_step: boolean; approver_id: string | null }[]>(
      `SELECT pay_band_step, approver_id FROM offer_approval WHERE offer_id = $1 AND decision = 'PENDING'
       ORDER BY position LIMIT 1`,
      [offer.id],
    );
    if (!pending) break;
    const decider = pending.pay_band_step
      ? (
          await dataSource.query<{ id: string }[]>(
            `SELECT id FROM app_user WHERE role = 'ADMIN' AND active ORDER BY created_at LIMIT 1`,
          )
        )[0].id
      : (pending.approver_id ?? approverId)!;
    await offers.decide(
      ApprovalDecision.APPROVED,
      { id: offer.id, comment: 'Approved for the demo' },
      { kind: 'user', id: decider, isAdmin: pending.pay_band_step },
    );
  }
  if (state === 'APPROVED') return;
  if (state === 'RESCINDED') {
    await offers.rescind({ id: offer.id });
    return;
  }
  await offers.markSent({ id: offer.id });
  if (state === 'DECLINED') {
    const [reason] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM rejection_reason WHERE name = 'Accepted another offer' AND active`,
    );
    await offers.recordResponse({
      id: offer.id,
      response: OfferResponse.DECLINED,
      reasonId: reason?.id ?? null,
    });
  } else if (state === 'EXPIRED') {
    await dataSource.query(`UPDATE offer SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      offer.id,
    ]);
    await offers.expireDue();
  }
}
