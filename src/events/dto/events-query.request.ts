import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { queryInt } from '../../common/http/page.query';
import { MAX_FEED_PAGE } from '../event-feed-cursor';

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
