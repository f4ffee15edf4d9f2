import { Args, ArgsType, Field, GraphQLISODateTime, Int, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Requires } from '../common/auth/permissions';
import { decodeFeedCursor, EventFeed, MAX_FEED_PAGE } from './event-feed';
import { EventConnection, EventModel } from './event.model';

@ArgsType()
export class EventsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: `Up to ${MAX_FEED_PAGE} events.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these event types.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  types?: string[] | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only events that occurred at or after this.',
  })
  @IsOptional()
  since?: Date | null;
}

@Resolver(() => EventModel)
export class EventsResolver {
  constructor(private readonly feed: EventFeed) {}

  @Query(() => EventConnection, {
    description:
      'The event feed: every event, oldest first, in an order that never changes once read (see docs/webhooks.md#the-event-feed). Admins, recruiters and `events:read` keys.',
  })
  @Requires('events:read')
  async events(@Args() args: EventsArgs): Promise<EventConnection> {
    const limit = args.first ?? 50;
    const page = await this.feed.read({
      after: args.after ? decodeFeedCursor(args.after, 'after') : null,
      limit,
      types: args.types && args.types.length > 0 ? args.types : null,
      since: args.since ?? null,
    });
    const edges = page.events.map((event) => ({
      cursor: this.feed.cursorOf(event),
      node: EventModel.from(event),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasMore,
        hasPreviousPage: args.after != null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: page.endCursor,
      },
    };
  }
}
