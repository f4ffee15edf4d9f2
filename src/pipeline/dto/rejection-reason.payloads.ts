import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { RejectionReasonModel } from '../rejection-reason.model';

@ObjectType()
export class RejectionReasonPayload {
  @Field(() => RejectionReasonModel, { nullable: true })
  rejectionReason?: RejectionReasonModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
