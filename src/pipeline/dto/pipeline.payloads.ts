import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { RequisitionModel } from '../../requisitions/requisition.model';
import { ApplicationModel, PipelineStageModel, StageTransitionModel } from '../pipeline.models';

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

@ObjectType()
export class CreateApplicationPayload {
  @Field(() => ApplicationModel, { nullable: true })
  application?: ApplicationModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class MoveApplicationPayload {
  @Field(() => ApplicationModel, { nullable: true })
  application?: ApplicationModel | null;

  @Field(() => StageTransitionModel, {
    nullable: true,
    description: 'Null when the application was already there.',
  })
  transition?: StageTransitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class ApplicationPayload {
  @Field(() => ApplicationModel, { nullable: true })
  application?: ApplicationModel | null;

  @Field(() => StageTransitionModel, { nullable: true })
  transition?: StageTransitionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
