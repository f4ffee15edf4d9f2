import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { UserRole } from './identity.enums';
import { UserEntity } from './user.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(UserRole, { name: 'UserRole' });

@ObjectType('User', { implements: () => [Node] })
export class UserModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => UserRole)
  role!: UserRole;

  @Field({ description: 'Deactivated users cannot sign in; their tokens stop working at once.' })
  active!: boolean;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  static from(this: void, row: UserEntity): UserModel {
    return Object.assign(new UserModel(), {
      id: toGlobalId('User', row.id),
      email: row.email,
      name: row.name,
      role: row.role,
      active: row.active,
      version: row.version,
      createdAt: row.createdAt,
    });
  }
}
