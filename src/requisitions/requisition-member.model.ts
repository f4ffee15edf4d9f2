import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserModel } from '../identity/user.model';
import { MemberRole } from './requisition.enums';
import { MemberRow } from './hiring-team.repository';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(MemberRole, {
  name: 'MemberRole',
  description: "A member's part in a requisition's hiring team.",
});

@ObjectType('RequisitionMember')
export class RequisitionMemberModel {
  @Field(() => UserModel)
  user!: UserModel;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field(() => GraphQLDateTime)
  addedAt!: Date;

  static from(this: void, row: MemberRow): RequisitionMemberModel {
    return Object.assign(new RequisitionMemberModel(), {
      user: UserModel.from(row.user),
      role: row.role,
      addedAt: row.addedAt,
    });
  }
}
