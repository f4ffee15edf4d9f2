import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { ApiKeyModel } from '../api-key.model';

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
