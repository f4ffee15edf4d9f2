import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { ApplicationModel } from '../application.model';
import { StageTransitionModel } from '../stage-transition.model';

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

@ObjectType({ description: "One application's outcome in a bulk decision." })
export class BulkApplicationResult {
  @Field(() => ID, { description: 'The id as it was given.' })
  id!: string;

  @Field(() => ApplicationModel, { nullable: true, description: 'Null when this item was refused.' })
  application!: ApplicationModel | null;

  @Field(() => [UserErrorModel], { description: "This item's refusal; nothing was written for it." })
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class BulkApplicationsPayload {
  /** Resolved by BulkApplicationsResolver.results: empty when the whole call was refused. */
  results?: BulkApplicationResult[] | null;

  @Field(() => [UserErrorModel], {
    description:
      'Refusals of the whole call (too many or duplicate ids, an unknown reason): nothing was written.',
  })
  userErrors!: UserErrorModel[];
}
