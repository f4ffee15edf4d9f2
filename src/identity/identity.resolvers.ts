import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, ObjectType } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Connection, ConnectionArgs } from '../common/graphql/connection';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext, groupBy } from '../common/graphql/request-context';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import { reach } from './access.rules';
import { ApiKeysService } from './api-keys.service';
import { viewerOf } from './auth.guards';
import { Requires } from '../common/auth/permissions';
import {
  AddRequisitionMemberInput,
  CreateApiKeyInput,
  CreateUserInput,
  RemoveRequisitionMemberInput,
  RevokeApiKeyInput,
  UpdateUserInput,
  UserIdInput,
} from './dto/identity.inputs';
import {
  ApiKeyPayload,
  CreateApiKeyPayload,
  RequisitionMemberPayload,
  UserPayload,
} from './dto/identity.payloads';
import { HiringTeamService, MemberRow } from './hiring-team.service';
import { ApiKeyModel, RequisitionMemberModel, UserModel, ViewerModel } from './identity.models';
import { UsersService } from './users.service';

@ObjectType()
export class UserConnection extends Connection(UserModel, 'User') {}

function toMemberModel(row: MemberRow): RequisitionMemberModel {
  return Object.assign(new RequisitionMemberModel(), {
    user: UserModel.from(row.user),
    role: row.role,
    addedAt: row.addedAt,
  });
}

@Resolver(() => UserModel)
export class IdentityResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly apiKeysService: ApiKeysService,
  ) {}

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

@Resolver(() => RequisitionModel)
export class HiringTeamResolver {
  constructor(
    private readonly team: HiringTeamService,
    private readonly requisitions: RequisitionLoaders,
  ) {}

  @ResolveField(() => [RequisitionMemberModel], { description: 'The hiring team.' })
  async members(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionMemberModel[]> {
    const loader = context.loaders.get(
      'requisition.members',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.team.findByRequisitionIds(ids), (m) => m.requisitionId),
        ),
    );
    return (await loader.load(requisition.row.id)).map(toMemberModel);
  }

  @Mutation(() => RequisitionMemberPayload, {
    description: 'Adds a user to a hiring team, or changes their role in it.',
  })
  @Requires('requisitions:write')
  async addRequisitionMember(
    @Args('input') input: AddRequisitionMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionMemberPayload> {
    const { requisitionId, member } = await this.team.add(
      input,
      reach(viewerOf(context), 'requisitions:write'),
    );
    return {
      requisition: await this.requisitionModel(context, requisitionId),
      member: toMemberModel(member),
      userErrors: [],
    };
  }

  @Mutation(() => RequisitionMemberPayload)
  @Requires('requisitions:write')
  async removeRequisitionMember(
    @Args('input') input: RemoveRequisitionMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionMemberPayload> {
    const { requisitionId } = await this.team.remove(input, reach(viewerOf(context), 'requisitions:write'));
    return { requisition: await this.requisitionModel(context, requisitionId), member: null, userErrors: [] };
  }

  private async requisitionModel(context: GraphQLContext, id: string): Promise<RequisitionModel | null> {
    const row = await this.requisitions.byId(context).load(id);
    return row ? RequisitionModel.from(row) : null;
  }
}
