import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from '../identity/user.entity';
import { RequisitionMemberEntity } from './requisition-member.entity';
import { MemberRole } from './requisition.enums';

export interface MemberRow extends RequisitionMemberEntity {
  user: UserEntity;
}

/** Every statement about hiring-team membership. */
@Injectable()
export class HiringTeamRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The teams of several requisitions with their users, in the order members were added. */
  async findMembersByRequisitionIds(requisitionIds: readonly string[]): Promise<MemberRow[]> {
    const rows = await this.dataSource
      .getRepository(RequisitionMemberEntity)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.user', UserEntity, 'u', 'u.id = m.user_id')
      .where('m.requisition_id = ANY(:ids)', { ids: [...requisitionIds] })
      .orderBy('m.added_at', 'ASC')
      .getMany();
    return rows as MemberRow[];
  }

  findMember(
    manager: EntityManager,
    requisitionId: string,
    userId: string,
  ): Promise<RequisitionMemberEntity | null> {
    return manager.findOneBy(RequisitionMemberEntity, { requisitionId, userId });
  }

  /** Adds the user to the team, or changes their role in it; returns the membership as stored. */
  async upsertMember(
    manager: EntityManager,
    requisitionId: string,
    userId: string,
    role: MemberRole,
  ): Promise<RequisitionMemberEntity> {
    const [row] = await manager.query<{ added_at: Date; role: MemberRole }[]>(
      `INSERT INTO requisition_member (requisition_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (requisition_id, user_id) DO UPDATE SET role = EXCLUDED.role
       RETURNING role, added_at`,
      [requisitionId, userId, role],
    );
    return Object.assign(new RequisitionMemberEntity(), {
      requisitionId,
      userId,
      role: row.role,
      addedAt: row.added_at,
    });
  }

  async deleteMember(manager: EntityManager, requisitionId: string, userId: string): Promise<void> {
    await manager.delete(RequisitionMemberEntity, { requisitionId, userId });
  }
}
