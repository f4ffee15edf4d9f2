import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Requires } from '../common/auth/permissions';
import { DEFAULT_FEED_PAGE, decodeFeedCursor } from './event-feed-cursor';
import { EventFeed } from './event-feed';
import { EventModel } from './event.model';
import { EventsQuery } from './dto/events-query.request';

/** The event feed over REST, for integrators who poll instead of (or besides) receiving webhooks. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly feed: EventFeed) {}

  @Get()
  @Requires('events:read')
  @ApiOperation({
    summary: 'The event feed, oldest first',
    description:
      'Pass `pageInfo.endCursor` as `after` of the next request. The order never changes once read, and an empty page returns the same `endCursor`, so a poller keeps one cursor. Admins, recruiters and `events:read` keys.',
  })
  @ApiResponse({ status: 200, description: '`{ data: [event], pageInfo: { hasNextPage, endCursor } }`' })
  @ApiResponse({
    status: 400,
    description: 'Malformed `first`, `after`, `types` or `since` (problem details)',
  })
  async list(@Query() query: EventsQuery): Promise<{
    data: EventModel[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }> {
    const page = await this.feed.read({
      direction: 'forward',
      cursor: query.after ? decodeFeedCursor(query.after, 'after') : null,
      limit: query.first ?? DEFAULT_FEED_PAGE,
      types: query.types ? query.types.split(',') : null,
      since: query.since ? new Date(query.since) : null,
    });
    return {
      data: page.events.map(EventModel.from),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }
}
