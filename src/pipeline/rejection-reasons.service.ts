import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { RejectionCategory } from './pipeline.enums';
import { CreateRejectionReasonCommand, UpdateRejectionReasonCommand } from './rejection-reason.commands';
import { RejectionReasonEntity } from './rejection-reason.entity';
import { RejectionReasonFilter, RejectionReasonsRepository } from './rejection-reasons.repository';

const duplicate = (existingId: string | undefined) =>
  DomainError.of(
    UserErrorCode.DUPLICATE_REJECTION_REASON,
    'Another reason of this category has this name.',
    ['name'],
    existingId ? { type: 'RejectionReason', id: existingId } : undefined,
  );

/** Two writes raced past the name check; the unique index stopped the second. */
function raceToDuplicate(error: unknown): unknown {
  const violation = violatedConstraint(error);
  return violation?.code === PG_UNIQUE_VIOLATION && violation.constraint === 'rejection_reason_name_unique'
    ? duplicate(undefined)
    : error;
}

/** The rejection-reason list: read by everyone who decides, kept by administrators. */
@Injectable()
export class RejectionReasonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reasons: RejectionReasonsRepository,
    private readonly audit: AuditLog,
  ) {}

  findByIds(ids: readonly string[]): Promise<RejectionReasonEntity[]> {
    return this.reasons.findByIds(ids);
  }

  findPage(filter: RejectionReasonFilter, page: PageRequest): Promise<RejectionReasonEntity[]> {
    return this.reasons.findPage(filter, page);
  }

  count(filter: RejectionReasonFilter): Promise<number> {
    return this.reasons.count(filter);
  }

  /**
   * The reason a decision names, checked for use: it exists, is active and is of the decision's category
   * (`field` is where the command carries it). A wrong category is bad input, not a missing record; so is an
   * unknown one where the reason is part of the call's shape (`unknownIsInvalid`: a bulk decision).
   */
  async requireUsable(
    manager: EntityManager,
    id: string,
    category: RejectionCategory,
    field: string[],
    options: { unknownIsInvalid?: boolean } = {},
  ): Promise<RejectionReasonEntity> {
    const [reason] = await this.reasons.findByIds([id], manager);
    if (!reason) {
      throw options.unknownIsInvalid
        ? DomainError.invalid(field, 'No rejection reason has this id.')
        : DomainError.notFound('Rejection reason', field);
    }
    if (reason.category !== category) {
      throw DomainError.invalid(
        field,
        `The reason is ${reason.category}; this decision needs a ${category} reason.`,
      );
    }
    if (!reason.active) throw DomainError.invalid(field, 'The reason is inactive; choose an active one.');
    return reason;
  }

  async create(input: CreateRejectionReasonCommand): Promise<RejectionReasonEntity> {
    const name = input.name.trim();
    if (!name) throw DomainError.invalid(['name'], 'name must not be empty');
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const taken = await this.reasons.nameTaken(manager, input.category, name, null);
        if (taken) throw duplicate(taken.id);
        const reason = await this.reasons.insert(manager, { name, category: input.category });
        await this.audit.record(manager, {
          action: 'createRejectionReason',
          subjectType: 'rejection_reason',
          subjectIds: [reason.id],
          changes: diff({}, { name, category: input.category }),
        });
        return reason;
      });
    } catch (error) {
      throw raceToDuplicate(error);
    }
  }

  async update(input: UpdateRejectionReasonCommand): Promise<RejectionReasonEntity> {
    const name = input.name == null ? null : input.name.trim();
    if (name === '') throw DomainError.invalid(['name'], 'name must not be empty');
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const current = await this.reasons.lock(manager, input.id);
        if (!current) throw DomainError.notFound('Rejection reason', ['id']);
        if (input.expectedVersion != null && input.expectedVersion !== current.version) {
          throw DomainError.staleVersion('The rejection reason', current.version);
        }
        const set: Partial<Pick<RejectionReasonEntity, 'name' | 'active'>> = {};
        if (name !== null && name !== current.name) {
          const taken = await this.reasons.nameTaken(manager, current.category, name, current.id);
          if (taken) throw duplicate(taken.id);
          set.name = name;
        }
        if (input.active != null && input.active !== current.active) set.active = input.active;
        if (Object.keys(set).length === 0) return current;
        const row = await this.reasons.updateAtVersion(manager, current.id, current.version, set);
        if (!row) throw DomainError.staleVersion('The rejection reason', current.version);
        await this.audit.record(manager, {
          action: 'updateRejectionReason',
          subjectType: 'rejection_reason',
          subjectIds: [row.id],
          changes: diff(
            { name: current.name, active: current.active },
            { name: row.name, active: row.active },
          ),
        });
        return row;
      });
    } catch (error) {
      throw raceToDuplicate(error);
    }
  }
}
