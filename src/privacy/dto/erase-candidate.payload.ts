import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';

@ObjectType()
export class EraseCandidatePayload {
  @Field(() => ID, {
    nullable: true,
    description: 'The id of the candidate erased; `node` answers null for it now.',
  })
  erasedCandidateId?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
