import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { CandidateModel } from '../candidate.model';

@ObjectType()
export class CreateCandidatePayload {
  @Field(() => CandidateModel, { nullable: true })
  candidate?: CandidateModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class UpdateCandidatePayload {
  @Field(() => CandidateModel, { nullable: true })
  candidate?: CandidateModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class RecordCandidateConsentPayload {
  @Field(() => CandidateModel, { nullable: true })
  candidate?: CandidateModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
