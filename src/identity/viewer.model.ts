import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { ApiKeyScope, UserRole } from './identity.enums';
import { Principal } from './principal';

export enum PrincipalKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(PrincipalKind, { name: 'PrincipalKind' });

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
