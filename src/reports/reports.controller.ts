import { Controller, Get, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Requires } from '../common/auth/permissions';
import { fromGlobalId, NIL_UUID } from '../common/graphql/global-id';
import { reach } from '../identity/access.rules';
import { Principal } from '../identity/principal';
import { JobLevel } from '../requisitions/requisition.enums';
import { FunnelCsvQuery, SourcesCsvQuery } from './dto/report-csv.request';
import { toCsv } from './report.csv';
import { ReportsService } from './reports.service';

export const FUNNEL_CSV_COLUMNS = [
  'stage',
  'entered',
  'current',
  'advanced',
  'rejected',
  'withdrawn',
  'conversionToNext',
  'medianDaysInStage',
  'p90DaysInStage',
] as const;

export const SOURCES_CSV_COLUMNS = [
  'source',
  'applications',
  'reachedInterview',
  'offers',
  'hires',
  'conversion',
] as const;

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0) ?? null;

function sendCsv(reply: FastifyReply, name: string, body: string): void {
  void reply
    .status(200)
    .header('content-type', 'text/csv; charset=utf-8; header=present')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'private, no-store')
    .send(body);
}

/** The hiring reports as CSV for spreadsheets: the same figures as GraphQL, one row per stage or source. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('funnel.csv')
  @Requires('reports:read')
  @ApiOperation({
    summary: "A requisition's funnel as CSV",
    description: `RFC 4180: a header row \`${FUNNEL_CSV_COLUMNS.join(',')}\`, then one row per live stage in pipeline order (\`stage\` is its name; empty fields are nulls; days are decimal). Admins, recruiters, hiring managers of the requisition, \`reports:read\` keys.`,
  })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'The funnel',
    content: {
      'text/csv': {
        schema: {
          type: 'string',
          example: `${FUNNEL_CSV_COLUMNS.join(',')}\r\nApplied,4,0,3,0,1,0.75,2,3.4\r\n`,
        },
      },
    },
  })
  @ApiResponse({ status: 400, description: 'No `requisitionId` (problem details)' })
  @ApiResponse({ status: 403, description: 'Interviewers, keys without reports:read' })
  @ApiResponse({ status: 404, description: "No such requisition, or beyond the caller's reach" })
  async funnel(
    @Query() query: FunnelCsvQuery,
    @Req() request: FastifyRequest & { user?: Principal },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const id = fromGlobalId(query.requisitionId, 'Requisition') ?? NIL_UUID;
    const stages = await this.reports.funnels([id], reach(request.user as Principal, 'reports:read'));
    if (stages.length === 0) throw new NotFoundException('There is no such requisition.');
    sendCsv(
      reply,
      'funnel.csv',
      toCsv(
        FUNNEL_CSV_COLUMNS,
        stages.map((s) => ({ ...s, stage: s.stageName })),
      ),
    );
  }

  @Get('sources.csv')
  @Requires('reports:read')
  @ApiOperation({
    summary: 'Source effectiveness as CSV',
    description: `RFC 4180: a header row \`${SOURCES_CSV_COLUMNS.join(',')}\`, then one row per source kind, over the requisitions the filter names within the caller's reach (as \`hiringReport\`).`,
  })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'The sources',
    content: {
      'text/csv': {
        schema: { type: 'string', example: `${SOURCES_CSV_COLUMNS.join(',')}\r\nJOB_BOARD,1,1,1,1,1\r\n` },
      },
    },
  })
  @ApiResponse({ status: 400, description: 'Malformed `levels`, `from` or `to` (problem details)' })
  @ApiResponse({ status: 403, description: 'Interviewers, keys without reports:read' })
  async sources(
    @Query() query: SourcesCsvQuery,
    @Req() request: FastifyRequest & { user?: Principal },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const report = await this.reports.hiringReport(
      {
        requisitionIds: list(query.requisitionIds)?.map((id) => fromGlobalId(id, 'Requisition') ?? NIL_UUID),
        departments: list(query.departments),
        levels: list(query.levels) as JobLevel[] | null,
        from: query.from ? new Date(query.from) : null,
        to: query.to ? new Date(query.to) : null,
      },
      reach(request.user as Principal, 'reports:read'),
    );
    sendCsv(reply, 'sources.csv', toCsv(SOURCES_CSV_COLUMNS, report.sources));
  }
}
