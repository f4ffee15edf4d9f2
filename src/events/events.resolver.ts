import { Args, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { EventsArgs } from './dto/events.args';
import { EventFeed } from './event-feed';
import { toFeedPageRequest } from './event-feed-cursor';
import { EventConnection, EventModel } from './event.model';

@Resolver(() => EventModel)
export class EventsResolver {
  constructor(private readonly feed: EventFeed) {}

  @Query(() => EventConnection, {
    description:
      'The event feed: every event, oldest first, in an order that never changes once read (see docs/webhooks.md#the-event-feed). `first`/`after` read forward; `last` (with `before` for older pages) reads the newest released events — those of transactions still running come later, after the `endCursor` (docs/events.md#reading-the-newest-events). Admins, recruiters and `events:read` keys.',
  })
  @Requires('events:read')
  async events(@Args() args: EventsArgs): Promise<EventConnection> {
    const page = await this.feed.read({
      ...toFeedPageRequest(args),
      types: args.types && args.types.length > 0 ? args.types : null,
      since: args.since ?? null,
    });
    return {
      edges: page.events.map((event) => ({
        cursor: this.feed.cursorOf(event),
        node: EventModel.from(event),
      })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.startCursor,
        endCursor: page.endCursor,
      },
    };
  }
}
