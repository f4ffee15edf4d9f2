import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ConnectionArgs } from '../common/graphql/connection';
import { toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { IdentityLoaders } from '../identity/identity.loaders';
import { UserModel } from '../identity/user.model';
import { ActivityItem } from './application-activity';
import { ActivityConnection } from './application-activity.model';
import { ApplicationActivityLoaders } from './application-activity.loaders';
import { ApplicationModel } from './application.model';

const USER_ACTOR = /^user:([0-9a-f-]{36})$/;

@Resolver(() => ApplicationModel)
export class ApplicationActivityResolver {
  constructor(private readonly loaders: ApplicationActivityLoaders) {}

  @ResolveField(() => ActivityConnection, {
    description:
      "The application's life, newest first: stage and status transitions, notes, interviews and scorecards — what the caller may see of them. One SQL statement per page whatever the mix.",
  })
  activity(
    @Parent() application: ApplicationModel,
    @Args() args: ConnectionArgs,
    @Context() context: GraphQLContext,
  ): Promise<ActivityConnection> {
    return this.loaders.connection(context, application.row.id, toPageRequest(args));
  }
}

@Resolver(() => ActivityItem)
export class ActivityItemResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Who did it; null when an integration (API key) or the system did.',
  })
  async actor(@Parent() item: ActivityItem, @Context() context: GraphQLContext): Promise<UserModel | null> {
    const userId = item.actorRef && USER_ACTOR.exec(item.actorRef)?.[1];
    if (!userId) return null;
    const row = await this.identity.userById(context).load(userId);
    return row && UserModel.from(row);
  }
}
