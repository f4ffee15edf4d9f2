import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { UserModel } from '../user.model';

@ObjectType()
export class UserPayload {
  @Field(() => UserModel, { nullable: true })
  user?: UserModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
