import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { ERASURE_REASON_MAX } from '../candidate-erasure.rules';

@InputType()
export class EraseCandidateInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field({
    description: `Why, as the operator's reference (e.g. the ticket number of the request), 1 to ${ERASURE_REASON_MAX} characters, trimmed. Kept in the erasure's audit entry: never put personal data in it.`,
  })
  @IsString()
  // Code points are checked by the rules; this only stops absurd payloads before they reach them.
  @MaxLength(ERASURE_REASON_MAX * 2)
  reason!: string;
}
