import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
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
