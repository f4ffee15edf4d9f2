import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/permissions';
import { CalendarFeedsService } from './calendar-feeds.service';

/**
 * Users' private interview calendars. Calendar apps cannot send bearer tokens, so the long random token in the path
 * is the credential; an unknown or rotated-away token is a missing page like any other.
 */
@ApiTags('calendars')
@Controller('v1/calendars')
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get(':file')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, no-store')
  @Header('referrer-policy', 'no-referrer')
  @ApiOperation({
    summary: "A user's interviews as an iCalendar feed (RFC 5545)",
    description:
      'The URL is `viewer.calendarFeedUrl` (GraphQL); `rotateCalendarFeedToken` replaces it. Each interview is a VEVENT with a stable UID; SEQUENCE rises with every reschedule; cancelled interviews stay with STATUS:CANCELLED. Times are UTC; X-REQUISITE-TIME-ZONE keeps the zone it was planned in. The candidate appears by name only.',
  })
  @ApiParam({ name: 'file', description: '`<token>.ics`', example: 'q0Zt…Vw.ics' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'The iCalendar object.' })
  @ApiResponse({ status: 404, description: 'No feed has this token (problem details).' })
  async feed(@Param('file') file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    const body = token ? await this.feeds.feed(token) : null;
    if (body === null) throw new NotFoundException('Not found.');
    return body;
  }
}
