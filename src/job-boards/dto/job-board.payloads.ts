import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { RequisitionModel } from '../../requisitions/requisition.model';
import { InboundDeliveryModel } from '../inbound-delivery.model';
import { JobBoardModel } from '../job-board.model';
import { JobPostingModel } from '../job-posting.model';

@ObjectType()
export class JobBoardPayload {
  @Field(() => JobBoardModel, { nullable: true })
  jobBoard?: JobBoardModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class JobBoardSecretPayload {
  @Field(() => JobBoardModel, { nullable: true })
  jobBoard?: JobBoardModel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The board\'s signing secret ("whsec_…"), shown this once: give it to the board, which signs what it pushes to us with it.',
  })
  secret?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class PublishRequisitionPayload {
  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [JobPostingModel], { nullable: true, description: 'The postings on the boards named.' })
  postings?: JobPostingModel[] | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class ReprocessInboundDeliveryPayload {
  @Field(() => InboundDeliveryModel, {
    nullable: true,
    description:
      'The delivery with the outcome of its processing (`responseStatus`, `applicationId`, `error`).',
  })
  inboundDelivery?: InboundDeliveryModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
