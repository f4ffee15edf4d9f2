import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { RequisitionModel } from '../../requisitions/requisition.model';
import { ApiKeyModel, RequisitionMemberModel, UserModel } from '../identity.models';

@ObjectType()
export class UserPayload {
  @Field(() => UserModel, { nullable: true })
  user?: UserModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKeyModel, { nullable: true })
  apiKey?: ApiKeyModel | null;

  @Field(() => String, {
    nullable: true,
    description: 'The key itself ("rqs_…"): shown this once, store it now.',
  })
  secret?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKeyModel, { nullable: true })
  apiKey?: ApiKeyModel | null;

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
