import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { queryInt } from '../common/http/page.query';
import { Requires } from '../common/auth/permissions';
import { decodeFeedCursor, EventFeed, MAX_FEED_PAGE } from './event-feed';
import { EventModel } from './event.model';

/** Query string of GET /v1/events. */
export class EventsQuery {
  @ApiPropertyOptional({ description: `Page size, 1–${MAX_FEED_PAGE} (default 50).` })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'first must be a whole number' })
  @Min(1)
  @Max(MAX_FEED_PAGE)
  first?: number;

  @ApiPropertyOptional({ description: 'The `pageInfo.endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated event types, e.g. `application.created,application.stage_changed`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^[a-z_]+\.[a-z_]+(,[a-z_]+\.[a-z_]+)*$/, {
    message: 'types must be comma-separated event types such as application.created',
  })
  types?: string;

  @ApiPropertyOptional({ description: 'ISO 8601: only events that occurred at or after it.' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;
}

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
      after: query.after ? decodeFeedCursor(query.after, 'after') : null,
      limit: query.first ?? 50,
      types: query.types ? query.types.split(',') : null,
      since: query.since ? new Date(query.since) : null,
    });
    return {
      data: page.events.map(EventModel.from),
      pageInfo: { hasNextPage: page.hasMore, endCursor: page.endCursor },
    };
  }
}
