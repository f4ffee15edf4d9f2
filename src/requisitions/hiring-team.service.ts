import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { Reach } from '../identity/access.rules';
import { UsersService } from '../identity/users.service';
import { HiringTeamRepository, MemberRow } from './hiring-team.repository';
import { AddRequisitionMemberCommand, RemoveRequisitionMemberCommand } from './requisition.commands';
import { RequisitionsService } from './requisitions.service';

/** Who is on each requisition's hiring team; membership is what gives hiring managers and interviewers reach. */
@Injectable()
export class HiringTeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly team: HiringTeamRepository,
    private readonly requisitions: RequisitionsService,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  findByRequisitionIds(requisitionIds: readonly string[]): Promise<MemberRow[]> {
    return this.team.findMembersByRequisitionIds(requisitionIds);
  }

  async add(
    command: AddRequisitionMemberCommand,
    reach: Reach,
  ): Promise<{ requisitionId: string; member: MemberRow }> {
    return inTransaction(this.dataSource, async (manager) => {
      const requisition = await this.requisitions.lockForChange(
        manager,
        command.requisitionId,
        null,
        ['requisitionId'],
        reach,
      );
      const user = await this.users.findActiveById(command.userId, manager);
      if (!user) throw DomainError.notFound('User', ['userId']);
      const before = await this.team.findMember(manager, requisition.id, user.id);
      const member = await this.team.upsertMember(manager, requisition.id, user.id, command.role);
      await this.audit.record(manager, {
        action: 'addRequisitionMember',
        subjectType: 'requisition',
        subjectIds: [requisition.id, user.id],
        changes: { role: { before: before?.role ?? null, after: command.role } },
      });
      return { requisitionId: requisition.id, member: Object.assign(member, { user }) };
    });
  }

  async remove(command: RemoveRequisitionMemberCommand, reach: Reach): Promise<{ requisitionId: string }> {
    return inTransaction(this.dataSource, async (manager) => {
      const { id: requisitionId } = await this.requisitions.lockForChange(
        manager,
        command.requisitionId,
        null,
        ['requisitionId'],
        reach,
      );
      const member = await this.team.findMember(manager, requisitionId, command.userId);
      if (!member) throw DomainError.notFound('Member', ['userId']);
      await this.team.deleteMember(manager, requisitionId, member.userId);
      await this.audit.record(manager, {
        action: 'removeRequisitionMember',
        subjectType: 'requisition',
        subjectIds: [requisitionId, member.userId],
        changes: { role: { before: member.role, after: null } },
      });
      return { requisitionId };
    });
  }
}
