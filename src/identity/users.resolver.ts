import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { ConnectionArgs } from '../common/graphql/connection';
import { databaseIdOf } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { CreateUserInput, UpdateUserInput, UserIdInput } from './dto/user.inputs';
import { UserPayload } from './dto/user.payloads';
import { UserConnection } from './user.connection';
import { UserModel } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly usersService: UsersService) {}

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
    const user = await this.usersService.update({ ...input, id: databaseIdOf(input.id, 'User') });
    return { user: UserModel.from(user), userErrors: [] };
  }

  @Mutation(() => UserPayload, {
    description: 'The user can no longer sign in; tokens already issued stop working.',
  })
  @Requires('administer')
  async deactivateUser(@Args('input') input: UserIdInput): Promise<UserPayload> {
    const user = await this.usersService.deactivate({ ...input, id: databaseIdOf(input.id, 'User') });
    return { user: UserModel.from(user), userErrors: [] };
  }
}
