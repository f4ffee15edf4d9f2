import {
  Controller,
  Get,
  GoneException,
  Headers,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Public } from '../common/auth/permissions';
import { PublicJobsQuery } from './dto/public-jobs.query';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardPublishingService, PublicPosting, PublicPostingPage } from './job-board-publishing.service';

/** Boards and crawlers may keep an answer this long; a posting taken down disappears within it. */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=60';

/**
 * Sends a cacheable answer with a strong ETag of its body, and 304 when the caller already has it. The ETag is
 * computed from what is sent, so two API processes give the same one for the same content.
 */
function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  contentType: string,
  body: string,
  status = 200,
): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  void reply.header('cache-control', CACHE_CONTROL).header('etag', etag).header('vary', 'accept-encoding');
  const ifNoneMatch = request.headers['if-none-match'];
  if (status === 200 && typeof ifNoneMatch === 'string' && ifNoneMatch.split(/\s*,\s*/).includes(etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(status).header('content-type', contentType).send(body);
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The job page's answers, found or not, are pages for people (what the OpenAPI document says they are). */
const HTML_PAGE = { 'text/html': { schema: { type: 'string' as const } } };

/** The public, read-only board surface: no credentials, cacheable, rate-limited per IP like every route. */
@ApiTags('job boards')
@Controller()
@Public()
export class JobBoardsController {
  constructor(private readonly publishing: JobBoardPublishingService) {}

  /** Published postings of a board, most recently published first, cursor-paginated. */
  @Get('v1/boards/:slug/jobs')
  @ApiOperation({
    summary: 'Published postings of a board, most recently published first (cursor-paginated)',
  })
  @ApiParam({ name: 'slug', description: "The board's slug" })
  @ApiResponse({
    status: 200,
    description: '`{ data: [posting], pageInfo: { hasNextPage, endCursor } }`; cacheable (ETag)',
  })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag given in If-None-Match' })
  @ApiResponse({ status: 400, description: 'Malformed `first`, `after` or `content` (problem details)' })
  @ApiResponse({ status: 404, description: 'No active board has this slug (problem details)' })
  async jobs(
    @Param('slug') slug: string,
    @Query() query: PublicJobsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const board = await this.board(slug);
    const page: PublicPostingPage = await this.publishing.page(board, {
      first: query.first,
      after: query.after,
      content: query.content === 'true',
    });
    sendCacheable(request, reply, JSON_TYPE, JSON.stringify(page));
  }

  /** One published posting with its schema.org JobPosting (`jsonLd`); 410 once it is taken down. */
  @Get('v1/boards/:slug/jobs/:postingId')
  @ApiOperation({ summary: 'One published posting, with its schema.org JobPosting as `jsonLd`' })
  @ApiParam({ name: 'slug', description: "The board's slug" })
  @ApiParam({ name: 'postingId', description: "The posting's `id` from the list" })
  @ApiResponse({
    status: 200,
    description: 'The posting with its description and `jsonLd`; cacheable (ETag)',
  })
  @ApiResponse({ status: 404, description: 'No such posting on this board (problem details)' })
  @ApiResponse({ status: 410, description: 'The posting was unpublished or closed (problem details)' })
  async job(
    @Param('slug') slug: string,
    @Param('postingId') postingId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.board(slug);
    const found = await this.publishing.lookup(postingId, slug);
    if (found.kind === 'not_found') throw new NotFoundException('There is no such job on this board.');
    if (found.kind === 'gone') throw new GoneException('This job is no longer published.');
    const body: PublicPosting = this.publishing.detail(found.view, new Date());
    sendCacheable(request, reply, JSON_TYPE, JSON.stringify(body));
  }

  /** The Indeed XML feed: every published posting of the board. */
  @Get('v1/boards/:slug/feed.xml')
  @ApiOperation({ summary: 'Indeed XML feed: every published posting of the board' })
  @ApiParam({ name: 'slug', description: "The board's slug" })
  @ApiProduces('application/xml')
  @ApiResponse({ status: 200, description: "Well-formed UTF-8 XML in Indeed's format; cacheable (ETag)" })
  @ApiResponse({ status: 404, description: 'No active board has this slug (problem details)' })
  async feed(
    @Param('slug') slug: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const board = await this.board(slug);
    const xml = await this.publishing.indeedFeed(board, userAgent, new Date());
    sendCacheable(request, reply, 'application/xml; charset=utf-8', xml);
  }

  /** The public job page (HTML, with the JSON-LD search engines read). */
  @Get('jobs/:postingId')
  @ApiOperation({ summary: 'The public job page (HTML with schema.org JSON-LD)' })
  @ApiParam({ name: 'postingId', description: "The posting's `id`" })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The job page; cacheable (ETag)', content: HTML_PAGE })
  @ApiResponse({ status: 404, description: 'No such posting (HTML)', content: HTML_PAGE })
  @ApiResponse({
    status: 410,
    description: 'The posting was unpublished or closed (HTML)',
    content: HTML_PAGE,
  })
  async page(
    @Param('postingId') postingId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.publishing.lookup(postingId);
    const html = 'text/html; charset=utf-8';
    if (found.kind === 'found') {
      sendCacheable(request, reply, html, this.publishing.jobPage(found.view, new Date()));
    } else if (found.kind === 'gone') {
      sendCacheable(request, reply, html, this.publishing.gonePage(), 410);
    } else {
      void reply.status(404).header('content-type', html).send(this.publishing.notFoundPage());
    }
  }

  private async board(slug: string): Promise<JobBoardEntity> {
    const board = await this.publishing.activeBoard(slug);
    if (!board) throw new NotFoundException('There is no such job board.');
    return board;
  }
}
