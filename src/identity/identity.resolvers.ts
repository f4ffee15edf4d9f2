import { Args, Context, Mutation, Query, Resolver, ObjectType } from '@nestjs/graphql';
import { Connection, ConnectionArgs } from '../common/graphql/connection';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { ApiKeysService } from './api-keys.service';
import { viewerOf } from './auth.guards';
import { Requires } from '../common/auth/permissions';
import {
  CreateApiKeyInput,
  CreateUserInput,
  RevokeApiKeyInput,
  UpdateUserInput,
  UserIdInput,
} from './dto/identity.inputs';
import { ApiKeyPayload, CreateApiKeyPayload, UserPayload } from './dto/identity.payloads';
import { ApiKeyModel, UserModel, ViewerModel } from './identity.models';
import { UsersService } from './users.service';
import { OnModuleInit } from '@nestjs/common';
import { NodeRegistry } from '../common/graphql/node-registry';
import { reach } from './access.rules';

@ObjectType()
export class UserConnection extends Connection(UserModel, 'User') {}

@Resolver(() => UserModel)
export class IdentityResolver implements OnModuleInit {
  constructor(
    private readonly usersService: UsersService,
    private readonly apiKeysService: ApiKeysService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // Accounts are for administrators to look up; to anyone else they do not exist.
    this.nodes.register('User', async (id, context) => {
      if (reach(viewerOf(context), 'administer').kind === 'none') return null;
      const [row] = await this.usersService.findByIds([id]);
      return row ? UserModel.from(row) : null;
    });
  }

  @Query(() => ViewerModel, { description: 'Who is calling.' })
  viewer(@Context() context: GraphQLContext): ViewerModel {
    return ViewerModel.from(viewerOf(context));
  }

  @Query(() => UserConnection, { description: 'Admins only. Newest first.' })
  @Requires('administer')
  async users(@Args() args: ConnectionArgs): Promise<UserConnection> {
    const page = toPageRequest(args);
    return toConnection(
      await this.usersService.findPage(page),
      page,
      (u) => ({ key: u.createdAt.getTime(), id: u.id }),
      UserModel.from,
      () => this.usersService.count(),
    );
  }

  @Mutation(() => UserPayload)
  @Requires('administer')
  async createUser(@Args('input') input: CreateUserInput): Promise<UserPayload> {
    return { user: UserModel.from(await this.usersService.create(input)), userErrors: [] };
  }

  @Mutation(() => UserPayload, { description: 'Change name, role or password.' })
  @Requires('administer')
  async updateUser(@Args('input') input: UpdateUserInput): Promise<UserPayload> {
    return { user: UserModel.from(await this.usersService.update(input)), userErrors: [] };
  }

  @Mutation(() => UserPayload, {
    description: 'The user can no longer sign in; tokens already issued stop working.',
  })
  @Requires('administer')
  async deactivateUser(@Args('input') input: UserIdInput): Promise<UserPayload> {
    return { user: UserModel.from(await this.usersService.deactivate(input)), userErrors: [] };
  }

  @Query(() => [ApiKeyModel], { description: 'Admins only.' })
  @Requires('administer')
  async apiKeys(): Promise<ApiKeyModel[]> {
    return (await this.apiKeysService.list()).map(ApiKeyModel.from);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'The payload carries the key itself, this one time.' })
  @Requires('administer')
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const { apiKey, secret } = await this.apiKeysService.create(input);
    return { apiKey: ApiKeyModel.from(apiKey), secret, userErrors: [] };
  }

  @Mutation(() => ApiKeyPayload, { description: 'The key stops working at once.' })
  @Requires('administer')
  async revokeApiKey(@Args('input') input: RevokeApiKeyInput): Promise<ApiKeyPayload> {
    return { apiKey: ApiKeyModel.from(await this.apiKeysService.revoke(input)), userErrors: [] };
  }
}
