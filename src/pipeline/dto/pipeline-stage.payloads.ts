import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { RequisitionModel } from '../../requisitions/requisition.model';
import { PipelineStageModel } from '../pipeline-stage.model';

@ObjectType()
export class PipelineStagePayload {
  @Field(() => PipelineStageModel, { nullable: true })
  stage?: PipelineStageModel | null;

  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class ReorderPipelineStagesPayload {
  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [PipelineStageModel], { nullable: true })
  stages?: PipelineStageModel[] | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class RemovePipelineStagePayload {
  @Field(() => ID, { nullable: true })
  removedStageId?: string | null;

  @Field(() => RequisitionModel, { nullable: true })
  requisition?: RequisitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
