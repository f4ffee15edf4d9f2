import { Field, ObjectType } from '@nestjs/graphql';
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
