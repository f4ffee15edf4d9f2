import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { candidateNotErased } from '../candidates/erased-sql';
import { rowsToEntities } from '../common/database/raw-rows';
import { versionedUpdate } from '../common/database/versioned-update';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { Reach } from '../identity/access.rules';
import { requisitionWithinReach } from '../requisitions/reach-sql';
import { OfferFilter } from './offer.commands';
import { ApprovalDecision, OfferStatus, OPEN_OFFER_STATUSES } from './offer.enums';
import { OfferApprovalEntity } from './offer-approval.entity';
import { OfferEntity } from './offer.entity';

export interface NewApprovalStep {
  approverId: string | null;
  payBandStep: boolean;
}

/** Storage of offers and their approval chains; every read is filtered by the caller's reach. */
@Injectable()
export class OffersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: approvers' comments on the applications' offers go (they may discuss the person); amounts, dates,
   * decisions and the chain stay. Returns the ids of the offers.
   */
  async anonymiseCommentsOfApplications(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM offer WHERE application_id = ANY($1::uuid[])`,
      [[...applicationIds]],
    );
    const ids = rows.map((row) => row.id);
    await manager.query(
      `UPDATE offer_approval SET comment = NULL WHERE comment IS NOT NULL AND offer_id = ANY($1::uuid[])`,
      [ids],
    );
    return ids;
  }

  async findByIds(ids: readonly string[], reach: Reach): Promise<OfferEntity[]> {
    const params: unknown[] = [[...ids]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT o.* FROM offer o WHERE o.id = ANY($1::uuid[]) AND ${candidateNotErased('o.candidate_id')}
         AND ${requisitionWithinReach(reach, 'o.requisition_id', positionalBinder(params))}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, OfferEntity, rows);
  }

  /** Offers of applications, newest first per application. */
  async findByApplicationIds(applicationIds: readonly string[], reach: Reach): Promise<OfferEntity[]> {
    const params: unknown[] = [[...applicationIds]];
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT o.* FROM offer o WHERE o.application_id = ANY($1::uuid[])
         AND ${requisitionWithinReach(reach, 'o.requisition_id', positionalBinder(params))}
       ORDER BY o.application_id, o.created_at DESC, o.id DESC`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, OfferEntity, rows);
  }

  private filterSql(filter: OfferFilter, reach: Reach, params: unknown[]): string {
    const bind = positionalBinder(params);
    const conditions = [
      requisitionWithinReach(reach, 'o.requisition_id', bind),
      candidateNotErased('o.candidate_id'),
    ];
    if (filter.requisitionId) conditions.push(`o.requisition_id = ${bind(filter.requisitionId)}::uuid`);
    if (filter.applicationId) conditions.push(`o.application_id = ${bind(filter.applicationId)}::uuid`);
    if (filter.status) conditions.push(`o.status = ${bind(filter.status)}`);
    return conditions.join(' AND ');
  }

  async findPage(filter: OfferFilter, page: PageRequest, reach: Reach): Promise<OfferEntity[]> {
    const params: unknown[] = [];
    const where = this.filterSql(filter, reach, params);
    const keyset = keysetSql(page, 'o.created_at', 'o.id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT o.* FROM offer o WHERE ${where} AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, OfferEntity, rows);
  }

  async count(filter: OfferFilter, reach: Reach): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM offer o WHERE ${this.filterSql(filter, reach, params)}`,
      params,
    );
    return row.n;
  }

  /** The approval chains of offers, in order (one statement for many offers). */
  async findApprovals(
    offerIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OfferApprovalEntity[]> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT * FROM offer_approval WHERE offer_id = ANY($1::uuid[]) ORDER BY offer_id, position`,
      [[...offerIds]],
    );
    return rowsToEntities(manager, OfferApprovalEntity, rows);
  }

  /** Locks the offer (within reach) for the rest of the transaction. */
  async lock(manager: EntityManager, id: string, reach: Reach): Promise<OfferEntity | null> {
    const params: unknown[] = [id];
    const rows = await manager.query<Record<string, unknown>[]>(
      `SELECT o.* FROM offer o WHERE o.id = $1
         AND ${requisitionWithinReach(reach, 'o.requisition_id', positionalBinder(params))} FOR UPDATE OF o`,
      params,
    );
    return rowsToEntities(manager, OfferEntity, rows)[0] ?? null;
  }

  async findOpenIdForApplication(manager: EntityManager, applicationId: string): Promise<string | null> {
    const [row] = await manager.query<{ id: string }[]>(
      `SELECT id FROM offer WHERE application_id = $1 AND status = ANY($2::varchar[])`,
      [applicationId, OPEN_OFFER_STATUSES],
    );
    return row?.id ?? null;
  }

  async insert(manager: EntityManager, values: Partial<OfferEntity>): Promise<OfferEntity> {
    const repository = manager.getRepository(OfferEntity);
    return repository.save(repository.create({ ...values, eventSequence: 1 }), { reload: true });
  }

  /** Version-checked write; `event`: the write is announced, so the event sequence moves with it. */
  updateAtVersion(
    manager: EntityManager,
    id: string,
    version: number,
    set: Record<string, unknown>,
    event: boolean,
  ): Promise<OfferEntity | null> {
    return versionedUpdate(manager, OfferEntity, id, version, set, { bumpEventSequence: event });
  }

  /** Replaces the chain with fresh, undecided steps in the given order. */
  async replaceApprovals(manager: EntityManager, offerId: string, steps: NewApprovalStep[]): Promise<void> {
    await manager.query(`DELETE FROM offer_approval WHERE offer_id = $1`, [offerId]);
    if (steps.length === 0) return;
    await manager.query(
      `INSERT INTO offer_approval (offer_id, position, approver_id, pay_band_step)
       SELECT $1, s.n, s.approver, s.band FROM unnest($2::uuid[], $3::boolean[]) WITH ORDINALITY AS s(approver, band, n)`,
      [offerId, steps.map((s) => s.approverId), steps.map((s) => s.payBandStep)],
    );
  }

  /** Every step back to PENDING (a re-request after rework). */
  async resetApprovals(manager: EntityManager, offerId: string): Promise<void> {
    await manager.query(
      `UPDATE offer_approval SET decision = 'PENDING', decided_at = NULL, decided_by_id = NULL, comment = NULL
       WHERE offer_id = $1`,
      [offerId],
    );
  }

  async decide(
    manager: EntityManager,
    offerId: string,
    position: number,
    decision: ApprovalDecision,
    decidedById: string,
    comment: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE offer_approval SET decision = $3, decided_at = now(), decided_by_id = $4, comment = $5
       WHERE offer_id = $1 AND position = $2`,
      [offerId, position, decision, decidedById, comment],
    );
  }

  /**
   * Marks SENT offers past their expiry EXPIRED (up to `limit`, oldest first, skipping rows another transaction
   * holds), bumping version and event sequence; returns them as stored.
   */
  async expireDue(manager: EntityManager, limit: number): Promise<OfferEntity[]> {
    const rows = await manager.query<[Record<string, unknown>[], number]>(
      `UPDATE offer o SET status = $1, version = o.version + 1, event_sequence = o.event_sequence + 1,
              updated_at = now()
       WHERE o.id IN (SELECT id FROM offer WHERE status = $2 AND expires_at <= now()
                      ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING o.*`,
      [OfferStatus.EXPIRED, OfferStatus.SENT, limit],
    );
    return rowsToEntities(manager, OfferEntity, rows[0]);
  }

  /**
   * The candidate's offers, as their data export shows them: the terms they were (or would have been) offered,
   * status and dates, the reason they gave for declining. The internal approval chain and pay band are left out.
   */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return manager.query<
      {
        id: string;
        applicationId: string;
        status: string;
        baseSalary: { amount: number; currency: string; period: string };
        signOnBonus: { amount: number; currency: string } | null;
        equity: string | null;
        startDate: string;
        expiresAt: Date;
        sentAt: Date | null;
        respondedAt: Date | null;
        declineReason: string | null;
        createdAt: Date;
      }[]
    >(
      `SELECT o.id, o.application_id AS "applicationId", o.status,
              json_build_object('amount', o.base_salary_amount, 'currency', o.base_salary_currency,
                                'period', o.base_salary_period) AS "baseSalary",
              CASE WHEN o.sign_on_bonus_amount IS NULL THEN NULL
                   ELSE json_build_object('amount', o.sign_on_bonus_amount, 'currency', o.sign_on_bonus_currency)
              END AS "signOnBonus",
              o.equity, o.start_date::text AS "startDate", o.expires_at AS "expiresAt", o.sent_at AS "sentAt",
              o.responded_at AS "respondedAt", rr.name AS "declineReason", o.created_at AS "createdAt"
       FROM offer o LEFT JOIN rejection_reason rr ON rr.id = o.decline_reason_id
       WHERE o.candidate_id = $1 ORDER BY o.created_at, o.id`,
      [candidateId],
    );
  }
}
