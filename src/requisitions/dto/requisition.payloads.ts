import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { RequisitionMemberModel } from '../requisition-member.model';
import { RequisitionModel } from '../requisition.model';

@ObjectType()
export class CreateRequisitionPayload {
  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class UpdateRequisitionPayload {
  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class RequisitionStatusPayload {
  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class RequisitionMemberPayload {
  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => RequisitionMemberModel, { nullable: true })
  member?: RequisitionMemberModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
