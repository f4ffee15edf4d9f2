import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { fromGlobalId } from '../common/graphql/global-id';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { Reach } from './access.rules';
import { AddRequisitionMemberInput, RemoveRequisitionMemberInput } from './dto/identity.inputs';
import { RequisitionMemberEntity } from './requisition-member.entity';
import { UserEntity } from './user.entity';

export interface MemberRow extends RequisitionMemberEntity {
  user: UserEntity;
}

/** Who is on each requisition's hiring team; membership is what gives hiring managers and interviewers reach. */
@Injectable()
export class HiringTeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly requisitions: RequisitionsService,
  ) {}

  async findByRequisitionIds(requisitionIds: readonly string[]): Promise<MemberRow[]> {
    const rows = await this.dataSource
      .getRepository(RequisitionMemberEntity)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.user', UserEntity, 'u', 'u.id = m.user_id')
      .where('m.requisition_id = ANY(:ids)', { ids: [...requisitionIds] })
      .orderBy('m.added_at', 'ASC')
      .getMany();
    return rows as MemberRow[];
  }

  async add(
    input: AddRequisitionMemberInput,
    reach: Reach,
  ): Promise<{ requisitionId: string; member: MemberRow }> {
    const userId = fromGlobalId(input.userId, 'User');
    return inTransaction(this.dataSource, async (manager) => {
      const requisition = await this.requisitions.lockForChange(
        manager,
        input.requisitionId,
        null,
        ['requisitionId'],
        reach,
      );
      const user = userId ? await manager.findOneBy(UserEntity, { id: userId, active: true }) : null;
      if (!user) throw DomainError.notFound('User', ['userId']);
      const before = await manager.findOneBy(RequisitionMemberEntity, {
        requisitionId: requisition.id,
        userId: user.id,
      });
      await manager.query(
        `INSERT INTO requisition_member (requisition_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (requisition_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
        [requisition.id, user.id, input.role],
      );
      const member = (await manager.findOneBy(RequisitionMemberEntity, {
        requisitionId: requisition.id,
        userId: user.id,
      }))!;
      await this.audit.record(manager, {
        action: 'addRequisitionMember',
        subjectType: 'requisition',
        subjectIds: [requisition.id, user.id],
        changes: { role: { before: before?.role ?? null, after: input.role } },
      });
      return { requisitionId: requisition.id, member: Object.assign(member, { user }) };
    });
  }

  async remove(input: RemoveRequisitionMemberInput, reach: Reach): Promise<{ requisitionId: string }> {
    const userId = fromGlobalId(input.userId, 'User');
    return inTransaction(this.dataSource, async (manager) => {
      const { id: requisitionId } = await this.requisitions.lockForChange(
        manager,
        input.requisitionId,
        null,
        ['requisitionId'],
        reach,
      );
      const member = userId
        ? await manager.findOneBy(RequisitionMemberEntity, { requisitionId, userId })
        : null;
      if (!member) throw DomainError.notFound('Member', ['userId']);
      await manager.delete(RequisitionMemberEntity, { requisitionId, userId: member.userId });
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
