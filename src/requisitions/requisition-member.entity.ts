import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';
import { RequisitionEntity } from './requisition.entity';
import { MemberRole } from './requisition.enums';

/** The hiring team of a requisition: who may see and work on it beyond admins and recruiters. */
@Entity('requisition_member')
@Check('requisition_member_role_valid', checkIn('role', Object.values(MemberRole)))
@Index('requisition_member_user', ['userId', 'requisitionId'])
export class RequisitionMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { name: 'requisition_member_requisition_fk', onDelete: 'CASCADE' })
  requisitionId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => UserEntity, { name: 'requisition_member_user_fk', onDelete: 'CASCADE' })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: MemberRole;

  @Column(timestampColumn({ default: () => 'now()' }))
  addedAt!: Date;
}
