import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserErrorCode } from '../errors/user-error-code';

@ObjectType('UserError', { description: 'A business-rule failure of a mutation. Nothing was written.' })
export class UserErrorModel {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, if any.' })
  field!: string[] | null;

  @Field()
  message!: string;

  @Field(() => UserErrorCode)
  code!: UserErrorCode;

  @Field(() => ID, { nullable: true, description: 'For duplicates: the id of the existing record.' })
  existingId?: string | null;
}
