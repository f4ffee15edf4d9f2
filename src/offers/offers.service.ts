import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { CurrentRequest } from '../common/current-request';
import { inTransaction } from '../common/database/transaction';
import { DomainError, UserErrorDetail } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { EventOutbox } from '../events/event-outbox';
import { EventType } from '../events/event-types';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { UserRole } from '../identity/identity.enums';
import { UsersService } from '../identity/users.service';
import { ApplicationListeners } from '../pipeline/application-listeners';
import { ApplicationsService } from '../pipeline/applications.service';
import { ApplicationStatus, RejectionCategory } from '../pipeline/pipeline.enums';
import { RejectionReasonsService } from '../pipeline/rejection-reasons.service';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { pipelineIsLive } from '../requisitions/requisition.rules';
import { RequisitionsService } from '../requisitions/requisitions.service';
import {
  CreateOfferCommand,
  DecideOfferCommand,
  OfferCommand,
  OfferFilter,
  RecordOfferResponseCommand,
  UpdateOfferCommand,
} from './offer.commands';
import { ApprovalDecision, OfferResponse, OfferStatus } from './offer.enums';
import { OfferApprovalEntity } from './offer-approval.entity';
import { OfferEntity } from './offer.entity';
import {
  Decider,
  isCalendarDate,
  isRefusal,
  MoneyValue,
  OfferAction,
  offerActionRefusal,
  outsidePayBand,
  PayBand,
  Refusal,
  statusAfterDecision,
  stepToDecide,
} from './offer.rules';
import { NewApprovalStep, OffersRepository } from './offers.repository';

/** The most approvers a chain names (the pay-band step comes on top). */
export const MAX_APPROVERS = 10;
/** Offers expired per transaction by the daily job. */
export const EXPIRY_BATCH = 500;

const refusalError = (refusal: Refusal) => DomainError.of(refusal.code, refusal.message, refusal.field);

function payBandOf(requisition: RequisitionEntity): PayBand | null {
  const { salaryMin, salaryMax, salaryCurrency, salaryPeriod } = requisition;
  return salaryMin !== null && salaryMax !== null && salaryCurrency && salaryPeriod
    ? { min: salaryMin, max: salaryMax, currency: salaryCurrency, period: salaryPeriod }
    : null;
}

/** What an offer's pay-band check writes: the flag and the band it was checked against. */
function payBandColumns(base: MoneyValue, band: PayBand | null): Partial<OfferEntity> {
  return {
    outsidePayBand: outsidePayBand(base, band),
    payBandMin: band?.min ?? null,
    payBandMax: band?.max ?? null,
    payBandCurrency: band?.currency ?? null,
    payBandPeriod: band?.period ?? null,
  };
}

/** Offers: drafting, the approval chain in order, sending, the candidate's answer (accepting hires), expiry. */
@Injectable()
export class OffersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: OffersRepository,
    private readonly applications: ApplicationsService,
    private readonly requisitions: RequisitionsService,
    private readonly users: UsersService,
    private readonly reasons: RejectionReasonsService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly applicationListeners: ApplicationListeners,
  ) {}

  onModuleInit(): void {
    // An application that is rejected or withdraws cannot take up an offer: its open one is rescinded with it.
    this.applicationListeners.register({
      applicationClosed: (manager, application) => this.rescindOpenWithin(manager, application.id),
    });
  }

  /** Rescinds the application's offer that is not final, if any, on the caller's transaction. */
  async rescindOpenWithin(manager: EntityManager, applicationId: string): Promise<void> {
    const openId = await this.offers.findOpenIdForApplication(manager, applicationId);
    if (!openId) return;
    const current = await this.lockFor(manager, { id: openId }, ALL_REACH, 'rescind');
    await this.transition(manager, current, OfferStatus.RESCINDED, 'rescindOffer', EventType.OFFER_RESCINDED);
  }

  findByIds(ids: readonly string[], reach: Reach): Promise<OfferEntity[]> {
    return this.offers.findByIds(ids, reach);
  }

  findByApplicationIds(ids: readonly string[], reach: Reach): Promise<OfferEntity[]> {
    return this.offers.findByApplicationIds(ids, reach);
  }

  findPage(filter: OfferFilter, page: PageRequest, reach: Reach): Promise<OfferEntity[]> {
    return this.offers.findPage(filter, page, reach);
  }

  count(filter: OfferFilter, reach: Reach): Promise<number> {
    return this.offers.count(filter, reach);
  }

  findApprovals(offerIds: readonly string[]): Promise<OfferApprovalEntity[]> {
    return this.offers.findApprovals(offerIds);
  }

  async create(input: CreateOfferCommand, reach: Reach = ALL_REACH): Promise<OfferEntity> {
    checkTerms(input, true);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const { application, requisitionStatus } = await this.applications.lockWithin(
          manager,
          input.applicationId,
          reach,
          ['applicationId'],
        );
        if (application.status !== ApplicationStatus.ACTIVE) {
          throw DomainError.of(
            UserErrorCode.APPLICATION_NOT_ACTIVE,
            `The application is ${application.status}; only ACTIVE applications get offers.`,
            ['applicationId'],
          );
        }
        if (!pipelineIsLive(requisitionStatus)) {
          throw DomainError.of(UserErrorCode.REQUISITION_CLOSED, `The requisition is ${requisitionStatus}.`, [
            'applicationId',
          ]);
        }
        const open = await this.offers.findOpenIdForApplication(manager, application.id);
        if (open) throw alreadyOpen(open);
        const [requisition] = await this.requisitions.findByIds([application.requisitionId]);
        await this.checkApprovers(manager, input.approverIds, requisition.id);
        const band = payBandOf(requisition);
        const actor = CurrentRequest.current()?.actor;
        const offer = await this.offers.insert(manager, {
          applicationId: application.id,
          requisitionId: application.requisitionId,
          candidateId: application.candidateId,
          status: OfferStatus.DRAFT,
          ...termColumns(input),
          ...payBandColumns(input.baseSalary, band),
          createdBy: CurrentRequest.actor(),
          createdById: actor?.kind === 'user' ? actor.id : null,
        });
        await this.offers.replaceApprovals(
          manager,
          offer.id,
          chainOf(input.approverIds, offer.outsidePayBand),
        );
        await this.announce(manager, offer, EventType.OFFER_CREATED);
        await this.audit.record(manager, {
          action: 'createOffer',
          subjectType: 'offer',
          subjectIds: [offer.id],
          // Who, when and the pay-band verdict; amounts stay in the offer itself, readable only by who may.
          changes: diff({}, { status: offer.status, outsidePayBand: offer.outsidePayBand }),
        });
        return offer;
      });
    } catch (error) {
      const violation = violatedConstraint(error);
      if (
        violation?.code === PG_UNIQUE_VIOLATION &&
        violation.constraint === 'offer_one_open_per_application'
      ) {
        const existing = await this.offers.findOpenIdForApplication(
          this.dataSource.manager,
          input.applicationId,
        );
        throw alreadyOpen(existing);
      }
      throw error;
    }
  }

  /** Edits a DRAFT; a PENDING_APPROVAL offer goes back to DRAFT and its approvals start over. */
  async update(input: UpdateOfferCommand, reach: Reach = ALL_REACH): Promise<OfferEntity> {
    checkTerms(input, false);
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockFor(manager, input, reach, 'update');
      if (input.approverIds != null) {
        await this.checkApprovers(manager, input.approverIds, current.requisitionId);
      }
      const base = input.baseSalary ?? moneyOf(current);
      const [requisition] = await this.requisitions.findByIds([current.requisitionId]);
      const set: Partial<OfferEntity> = {
        ...termColumns(input),
        ...payBandColumns(base, payBandOf(requisition)),
        status: OfferStatus.DRAFT,
      };
      const offer = await this.write(manager, current, set, false);
      const approverIds =
        input.approverIds ??
        (await this.offers.findApprovals([current.id], manager))
          .filter((s) => !s.payBandStep)
          .map((s) => s.approverId!);
      await this.offers.replaceApprovals(manager, offer.id, chainOf(approverIds, offer.outsidePayBand));
      await this.audit.record(manager, {
        action: 'updateOffer',
        subjectType: 'offer',
        subjectIds: [offer.id],
        changes: {
          ...diff(
            { status: current.status, outsidePayBand: current.outsidePayBand },
            { status: offer.status, outsidePayBand: offer.outsidePayBand },
          ),
          // Which terms changed, not their values.
          fields: { before: null, after: changedTerms(input) },
        },
      });
      return offer;
    });
  }

  /**
   * DRAFT → PENDING_APPROVAL: the pay band is checked again against the requisition's range as it is now, the
   * chain starts over (with the administrator's step at its end when the offer is outside the band). An offer
   * inside the band with no approvers is approved at once.
   */
  async requestApproval(input: OfferCommand, reach: Reach = ALL_REACH): Promise<OfferEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockFor(manager, input, reach, 'requestApproval');
      const [requisition] = await this.requisitions.findByIds([current.requisitionId]);
      const band = payBandColumns(moneyOf(current), payBandOf(requisition));
      const approverIds = (await this.offers.findApprovals([current.id], manager))
        .filter((s) => !s.payBandStep)
        .map((s) => s.approverId!);
      const chain = chainOf(approverIds, band.outsidePayBand!);
      const status = chain.length === 0 ? OfferStatus.APPROVED : OfferStatus.PENDING_APPROVAL;
      const offer = await this.write(manager, current, { ...band, status }, status === OfferStatus.APPROVED);
      await this.offers.replaceApprovals(manager, offer.id, chain);
      if (status === OfferStatus.APPROVED) await this.announce(manager, offer, EventType.OFFER_APPROVED);
      await this.audit.record(manager, {
        action: 'requestOfferApproval',
        subjectType: 'offer',
        subjectIds: [offer.id],
        changes: diff(
          { status: current.status, outsidePayBand: current.outsidePayBand },
          { status: offer.status, outsidePayBand: offer.outsidePayBand },
        ),
      });
      return offer;
    });
  }

  /** The decision of the approver whose turn it is; a rejection sends the offer back to DRAFT. */
  async decide(
    decision: ApprovalDecision.APPROVED | ApprovalDecision.REJECTED,
    input: DecideOfferCommand,
    decider: Decider,
    reach: Reach = ALL_REACH,
  ): Promise<OfferEntity> {
    const comment = input.comment?.trim() || null;
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockFor(manager, input, reach, 'decide');
      const steps = await this.offers.findApprovals([current.id], manager);
      const step = stepToDecide(steps, decider);
      if (isRefusal(step)) throw refusalError(step);
      // stepToDecide answers only users.
      const deciderId = (decider as { id: string }).id;
      await this.offers.decide(manager, current.id, step.position, decision, deciderId, comment);
      const status = statusAfterDecision(steps, step, decision);
      const offer = await this.write(manager, current, { status }, status === OfferStatus.APPROVED);
      if (status === OfferStatus.APPROVED) await this.announce(manager, offer, EventType.OFFER_APPROVED);
      await this.audit.record(manager, {
        action: decision === ApprovalDecision.APPROVED ? 'approveOffer' : 'rejectOffer',
        subjectType: 'offer',
        subjectIds: [offer.id],
        changes: diff({ status: current.status, step: null }, { status: offer.status, step: step.position }),
      });
      return offer;
    });
  }

  async markSent(input: OfferCommand, reach: Reach = ALL_REACH): Promise<OfferEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockFor(manager, input, reach, 'send');
      const [{ expired }] = await manager.query<{ expired: boolean }[]>(
        `SELECT $1::timestamptz <= now() AS expired`,
        [current.expiresAt],
      );
      if (expired) {
        throw DomainError.invalid(['expiresAt'], 'The offer has already expired; move expiresAt first.');
      }
      return this.transition(manager, current, OfferStatus.SENT, 'markOfferSent', EventType.OFFER_SENT, {
        sentAt: () => 'now()',
      });
    });
  }

  /**
   * The candidate's answer. Accepting hires in the same transaction: the application moves to the requisition's
   * HIRED stage under the rules of any move (a FILLED requisition refuses; the hire that reaches headcount fills it).
   */
  async recordResponse(input: RecordOfferResponseCommand, reach: Reach = ALL_REACH): Promise<OfferEntity> {
    if (input.response === OfferResponse.ACCEPTED && input.reasonId != null) {
      throw DomainError.invalid(['reasonId'], 'Only a declined offer takes a reason.');
    }
    return inTransaction(this.dataSource, async (manager) => {
      const reason =
        input.reasonId != null
          ? await this.reasons.requireUsable(manager, input.reasonId, RejectionCategory.THEY_WITHDREW, [
              'reasonId',
            ])
          : null;
      const current = await this.lockFor(manager, input, reach, 'respond');
      if (input.response === OfferResponse.DECLINED) {
        return this.transition(
          manager,
          current,
          OfferStatus.DECLINED,
          'recordOfferResponse',
          EventType.OFFER_DECLINED,
          {
            respondedAt: () => 'now()',
            declineReasonId: reason?.id ?? null,
          },
        );
      }
      const offer = await this.transition(
        manager,
        current,
        OfferStatus.ACCEPTED,
        'recordOfferResponse',
        EventType.OFFER_ACCEPTED,
        { respondedAt: () => 'now()' },
      );
      try {
        await this.applications.hireWithin(manager, current.applicationId, 'Offer accepted');
      } catch (error) {
        // The hire's refusals are about the application: say so on the offer's id.
        if (error instanceof DomainError) {
          throw new DomainError(error.errors.map((e): UserErrorDetail => ({ ...e, field: ['id'] })));
        }
        throw error;
      }
      return offer;
    });
  }

  async rescind(input: OfferCommand, reach: Reach = ALL_REACH): Promise<OfferEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockFor(manager, input, reach, 'rescind');
      return this.transition(
        manager,
        current,
        OfferStatus.RESCINDED,
        'rescindOffer',
        EventType.OFFER_RESCINDED,
      );
    });
  }

  /** The daily job: SENT offers past `expiresAt` become EXPIRED, in batches, each with its event. */
  async expireDue(batch = EXPIRY_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await inTransaction(this.dataSource, async (manager) => {
        const rows = await this.offers.expireDue(manager, batch);
        if (rows.length === 0) return rows;
        await this.outbox.append(
          manager,
          rows.map((offer) => offerEvent(offer, EventType.OFFER_EXPIRED)),
        );
        await this.audit.record(manager, {
          action: 'expireOffers',
          subjectType: 'offer',
          subjectIds: rows.map((r) => r.id),
          changes: diff({ status: OfferStatus.SENT }, { status: OfferStatus.EXPIRED }),
        });
        return rows;
      });
      total += expired.length;
      if (expired.length < batch) return total;
    }
  }

  /** Locks the offer within reach, checks `expectedVersion` and that its status allows the action. */
  private async lockFor(
    manager: EntityManager,
    input: OfferCommand,
    reach: Reach,
    action: OfferAction,
  ): Promise<OfferEntity> {
    const current = await this.offers.lock(manager, input.id, reach);
    if (!current) throw DomainError.notFound('Offer', ['id']);
    if (input.expectedVersion != null && input.expectedVersion !== current.version) {
      throw DomainError.staleVersion('The offer', current.version);
    }
    const refusal = offerActionRefusal(action, current.status);
    if (refusal) throw refusalError(refusal);
    return current;
  }

  private async write(
    manager: EntityManager,
    current: OfferEntity,
    set: Record<string, unknown>,
    event: boolean,
  ): Promise<OfferEntity> {
    const offer = await this.offers.updateAtVersion(manager, current.id, current.version, set, event);
    if (!offer) throw DomainError.staleVersion('The offer', current.version);
    return offer;
  }

  private async transition(
    manager: EntityManager,
    current: OfferEntity,
    status: OfferStatus,
    action: string,
    type: EventType,
    extra: Record<string, unknown> = {},
  ): Promise<OfferEntity> {
    const offer = await this.write(manager, current, { ...extra, status }, true);
    await this.announce(manager, offer, type);
    await this.audit.record(manager, {
      action,
      subjectType: 'offer',
      subjectIds: [offer.id],
      changes: diff({ status: current.status }, { status: offer.status }),
    });
    return offer;
  }

  private announce(manager: EntityManager, offer: OfferEntity, type: EventType): Promise<void> {
    return this.outbox.append(manager, [offerEvent(offer, type)]);
  }

  /**
   * Approvers are active users who may see the offer: administrators, recruiters, or hiring managers on the
   * requisition's hiring team. Interviewers never see offers, so they cannot approve them.
   */
  private async checkApprovers(manager: EntityManager, ids: string[], requisitionId: string): Promise<void> {
    if (ids.length > MAX_APPROVERS) {
      throw DomainError.invalid(['approverIds'], `At most ${MAX_APPROVERS} approvers.`);
    }
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        throw DomainError.invalid(['approverIds', String(i)], 'The approver is listed twice.');
      seen.add(id);
    });
    const users = new Map((await this.users.findByIds(ids)).map((u) => [u.id, u]));
    for (const [i, id] of ids.entries()) {
      const user = users.get(id);
      const field = ['approverIds', String(i)];
      if (!user || !user.active) throw DomainError.invalid(field, 'No active user has this id.');
      if (user.role === UserRole.INTERVIEWER) {
        throw DomainError.invalid(field, 'Interviewers do not see offers, so they cannot approve them.');
      }
      if (
        user.role === UserRole.HIRING_MANAGER &&
        !(await this.requisitions.reaches(manager, requisitionId, { kind: 'member', userId: user.id }))
      ) {
        throw DomainError.invalid(field, "The hiring manager is not on the requisition's hiring team.");
      }
    }
  }

  /** The candidate's offers, for their data export (docs/privacy.md), on the caller's transaction. */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return this.offers.findForCandidateExport(manager, candidateId);
  }
}

function alreadyOpen(existingId: string | null): DomainError {
  return DomainError.of(
    UserErrorCode.OFFER_ALREADY_OPEN,
    'The application already has an offer that is not final; update or rescind it.',
    ['applicationId'],
    existingId ? { type: 'Offer', id: existingId } : undefined,
  );
}

/** The chain: the named approvers in order, then the administrator's step when the offer is outside the band. */
function chainOf(approverIds: string[], outside: boolean): NewApprovalStep[] {
  return [
    ...approverIds.map((approverId) => ({ approverId, payBandStep: false })),
    ...(outside ? [{ approverId: null, payBandStep: true }] : []),
  ];
}

function moneyOf(offer: OfferEntity): MoneyValue {
  return {
    amount: offer.baseSalaryAmount,
    currency: offer.baseSalaryCurrency,
    period: offer.baseSalaryPeriod,
  };
}

interface Terms {
  baseSalary?: MoneyValue | null;
  signOnBonus?: MoneyValue | null;
  equity?: string | null;
  startDate?: string | null;
  expiresAt?: Date | null;
}

/** Checks what class-validator cannot: periods, calendar dates, expiry in the future. Paths are domain paths. */
function checkTerms(terms: Terms, creating: boolean): void {
  if (terms.baseSalary) {
    if (!terms.baseSalary.period) {
      throw DomainError.invalid(
        ['baseSalary', 'period'],
        'A base salary needs a period (YEAR, MONTH or HOUR).',
      );
    }
    if (!(terms.baseSalary.amount > 0)) {
      throw DomainError.invalid(['baseSalary', 'amount'], 'The base salary must be positive.');
    }
  }
  if (terms.signOnBonus && terms.signOnBonus.period != null) {
    throw DomainError.invalid(['signOnBonus', 'period'], 'A sign-on bonus is paid once: it has no period.');
  }
  if (terms.startDate != null && !isCalendarDate(terms.startDate)) {
    throw DomainError.invalid(['startDate'], 'startDate must be a calendar date, YYYY-MM-DD.');
  }
  if (terms.expiresAt != null && terms.expiresAt.getTime() <= Date.now()) {
    throw DomainError.invalid(['expiresAt'], 'expiresAt must be in the future.');
  }
  if (creating && terms.startDate == null) throw DomainError.invalid(['startDate'], 'startDate is required.');
}

function termColumns(terms: Terms): Partial<OfferEntity> {
  const set: Partial<OfferEntity> = {};
  if (terms.baseSalary) {
    set.baseSalaryAmount = terms.baseSalary.amount;
    set.baseSalaryCurrency = terms.baseSalary.currency.toUpperCase();
    set.baseSalaryPeriod = terms.baseSalary.period!;
  }
  if (terms.signOnBonus !== undefined) {
    set.signOnBonusAmount = terms.signOnBonus?.amount ?? null;
    set.signOnBonusCurrency = terms.signOnBonus?.currency.toUpperCase() ?? null;
  }
  if (terms.equity !== undefined) set.equity = terms.equity?.trim() || null;
  if (terms.startDate != null) set.startDate = terms.startDate;
  if (terms.expiresAt != null) set.expiresAt = terms.expiresAt;
  return set;
}

function changedTerms(input: UpdateOfferCommand): string[] {
  return (['baseSalary', 'signOnBonus', 'equity', 'startDate', 'expiresAt', 'approverIds'] as const).filter(
    (key) => input[key] !== undefined,
  );
}

/** Ids and the status, never the amounts. */
function offerEvent(offer: OfferEntity, type: EventType) {
  return {
    type,
    aggregateType: 'offer' as const,
    aggregateId: offer.id,
    sequence: offer.eventSequence,
    data: {
      offerId: offer.id,
      applicationId: offer.applicationId,
      candidateId: offer.candidateId,
      requisitionId: offer.requisitionId,
      status: offer.status,
    },
  };
}
