import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyScope, UserRole } from './identity.enums';
import { Principal } from './principal';
import { UserEntity } from './user.entity';

registerEnumType(UserRole, { name: 'UserRole' });
export enum PrincipalKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(PrincipalKind, { name: 'PrincipalKind' });

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

  @Field(() => GraphQLISODateTime)
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

@ObjectType('ApiKey', {
  implements: () => [Node],
  description: 'An integration credential; its secret is never shown again.',
})
export class ApiKeyModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first characters after "rqs_", to recognise the key.' })
  prefix!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(this: void, row: ApiKeyEntity): ApiKeyModel {
    return Object.assign(new ApiKeyModel(), {
      id: toGlobalId('ApiKey', row.id),
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType('Viewer', { description: 'The caller: a signed-in user or an API key.' })
export class ViewerModel {
  @Field(() => ID, { description: 'The id of the User or ApiKey.' })
  id!: string;

  @Field(() => PrincipalKind)
  kind!: PrincipalKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => UserRole, { nullable: true, description: 'Users only.' })
  role!: UserRole | null;

  @Field(() => [String], { description: 'API keys only; empty for users.' })
  scopes!: ApiKeyScope[];

  static from(this: void, principal: Principal): ViewerModel {
    switch (principal.kind) {
      case 'user':
        return Object.assign(new ViewerModel(), {
          id: toGlobalId('User', principal.id),
          kind: PrincipalKind.USER,
          name: principal.name,
          email: principal.email,
          role: principal.role,
          scopes: [],
        });
      case 'api_key':
        return Object.assign(new ViewerModel(), {
          id: toGlobalId('ApiKey', principal.id),
          kind: PrincipalKind.API_KEY,
          name: principal.name,
          email: null,
          role: null,
          scopes: principal.scopes,
        });
      case 'system':
        throw new Error('the system principal never calls the API');
    }
  }
}
