import {
  Controller,
  BadRequestException,
  Headers,
  HttpCode,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { RAW_BODY, RAW_BODY_WITH_RESUME, RAW_OR_MULTIPART_BODY } from '../common/http/raw-json-body';
import { Public } from '../common/auth/permissions';
import { readBoardApplication } from './board-application.parser';
import { indeedSignatureValid, verifyStandardWebhook } from './board-signatures';
import { readCareerForm } from './career-form';
import { careerPageApplicant } from './career-page.parser';
import { BoardApplicationRequest, CareerApplicationRequest } from './dto/career-application.request';
import { InboundAnswer } from './inbound-deliveries.repository';
import { InboundSource } from './inbound-delivery.entity';
import { Delivery, InboundIntakeService } from './inbound-intake.service';
import { InboundApplication, parseJsonObject, validateBody } from './inbound-parsing';
import { readIndeedApplication } from './indeed-apply.parser';
import { boardSecretKey } from './job-board.secret';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardPublishingService } from './job-board-publishing.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function send(reply: FastifyReply, answer: InboundAnswer): void {
  void reply
    .status(answer.status)
    .header(
      'content-type',
      answer.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
    )
    .send(JSON.stringify(answer.body));
}

/** The JSON body as received (a Buffer on RAW_BODY routes; empty when there was none); 415 for other types. */
function rawBodyOf(request: FastifyRequest): Buffer {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new UnsupportedMediaTypeException('Send application/json.');
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** A parser's refusal (an HTTP exception of the boards' protocol); anything else is a failure and rethrown. */
function refusalOf(error: unknown): HttpException {
  if (error instanceof HttpException && error.getStatus() < 500) return error;
  throw error;
}

/** Applications pushed by career pages and boards. No credentials: boards sign what they send instead. */
@ApiTags('job boards')
@Controller()
@Public()
export class InboundApplicationsController {
  constructor(
    private readonly inbound: InboundIntakeService,
    private readonly publishing: JobBoardPublishingService,
  ) {}

  @Post('v1/boards/:slug/jobs/:postingId/applications')
  @RouteConfig(RAW_OR_MULTIPART_BODY)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Apply to a posting from a career page (JSON, or multipart/form-data with a resume file)',
  })
  @ApiParam({ name: 'slug', description: "The board's slug" })
  @ApiParam({ name: 'postingId', description: "The posting's `id`" })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key gets the first answer',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    type: CareerApplicationRequest,
    description:
      'JSON, or a multipart form with the same fields (`links` and `answers` as JSON text, `consent` as "true") and the resume as the `resume` file part.',
  })
  @ApiResponse({ status: 201, description: '`{ status: "accepted", applicationId }`' })
  @ApiResponse({
    status: 400,
    description: 'Malformed JSON or form, a missing or invalid field, no consent (nothing is written)',
  })
  @ApiResponse({ status: 404, description: 'No such board or posting' })
  @ApiResponse({ status: 409, description: 'This e-mail already applied to this job' })
  @ApiResponse({ status: 410, description: 'The posting is no longer published' })
  @ApiResponse({ status: 413, description: 'The body is larger than 8 MiB, or the resume than 5 MB' })
  @ApiResponse({ status: 415, description: 'Neither application/json nor multipart/form-data' })
  @ApiResponse({
    status: 422,
    description:
      'The resume is not a PDF, Word, RTF or UTF-8 text file (by extension and content), or the Idempotency-Key was used for a different request',
  })
  async careerPage(
    @Param('slug') slug: string,
    @Param('postingId') postingId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const board = await this.board(slug);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw DomainError.invalid(
        ['Idempotency-Key'],
        'Idempotency-Key must be 1 to 200 printable ASCII characters.',
      );
    }
    let raw: Buffer;
    let parsed: Record<string, unknown>;
    if (request.isMultipart()) {
      ({ body: parsed, raw } = await readCareerForm(request));
    } else {
      raw = rawBodyOf(request);
      const json = parseJsonObject(raw, 'The request body');
      if (!json.ok) throw DomainError.invalid(['body'], json.message);
      parsed = json.value;
    }
    // Bad input is refused before anything is written, a resume we cannot take included.
    const body = await validateBody(parsed, CareerApplicationRequest);
    const application = { postingId, applicant: careerPageApplicant(body, new Date()) };
    const delivery = {
      board,
      source: InboundSource.CAREER_PAGE,
      externalId: idempotencyKey ?? null,
      signatureValid: null,
      contentType: request.headers['content-type'] ?? null,
      rawBody: raw,
      postingId,
    };
    send(reply, await this.inbound.receive(delivery, application, { sameBodyRequired: true }));
  }

  @Post('v1/integrations/indeed/:slug/applications')
  @RouteConfig(RAW_BODY_WITH_RESUME)
  @HttpCode(200)
  @ApiOperation({ summary: 'Indeed Apply: an application pushed by Indeed, signed with X-Indeed-Signature' })
  @ApiParam({ name: 'slug', description: "The board's slug" })
  @ApiHeader({
    name: 'X-Indeed-Signature',
    required: true,
    description: 'base64(HMAC-SHA1(board secret, raw body))',
  })
  @ApiResponse({
    status: 200,
    description: 'Accepted (also the answer to a retry of the same application id)',
  })
  @ApiResponse({ status: 400, description: 'Not JSON, or a required key is missing' })
  @ApiResponse({ status: 401, description: 'Signature missing or wrong' })
  @ApiResponse({ status: 404, description: 'Unknown board or job' })
  @ApiResponse({ status: 409, description: 'This e-mail already applied to this job' })
  @ApiResponse({ status: 410, description: 'The posting is closed or unpublished' })
  @ApiResponse({ status: 413, description: 'The body is larger than 8 MiB' })
  @ApiResponse({
    status: 422,
    description: 'Valid JSON that cannot be stored (bad e-mail, resume not base64 or of a refused type)',
  })
  async indeed(
    @Param('slug') slug: string,
    @Headers('x-indeed-signature') signature: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const board = await this.board(slug);
    const raw = rawBodyOf(request);
    const delivery: Delivery = {
      board,
      source: InboundSource.INDEED,
      externalId: null,
      signatureValid: false,
      contentType: request.headers['content-type'] ?? null,
      rawBody: raw,
    };
    // The signature first, over the exact bytes: nothing unsigned is parsed.
    if (!indeedSignatureValid(board.signingSecret, raw, signature)) {
      const message = signature ? 'The X-Indeed-Signature does not match.' : 'X-Indeed-Signature is missing.';
      send(reply, await this.inbound.refuse(delivery, new UnauthorizedException(message)));
      return;
    }
    const signed = { ...delivery, signatureValid: true };
    let read: { externalId: string; application: InboundApplication };
    try {
      read = readIndeedApplication(raw, new Date());
    } catch (error) {
      send(reply, await this.inbound.refuse(signed, refusalOf(error)));
      return;
    }
    const answer = await this.inbound.receive({ ...signed, externalId: read.externalId }, read.application, {
      sameBodyRequired: false,
    });
    send(reply, answer);
  }

  @Post('v1/integrations/job-boards/:slug/applications')
  @RouteConfig(RAW_BODY)
  @HttpCode(200)
  @ApiOperation({
    summary: "Any other board: an application in Requisite's JSON format, signed with Standard Webhooks",
  })
  @ApiParam({ name: 'slug', description: "The board's slug" })
  @ApiHeader({
    name: 'webhook-id',
    required: true,
    description: 'Unique per delivery; a redelivery reuses it',
  })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds, within ±5 minutes' })
  @ApiHeader({
    name: 'webhook-signature',
    required: true,
    description: 'Space-separated `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`',
  })
  @ApiBody({ type: BoardApplicationRequest })
  @ApiResponse({
    status: 200,
    description: 'Accepted (also the answer to a redelivery of the same webhook-id)',
  })
  @ApiResponse({ status: 400, description: 'Not JSON, or a missing, malformed or unknown field' })
  @ApiResponse({
    status: 401,
    description: 'Signature headers missing, signature wrong or timestamp expired',
  })
  @ApiResponse({ status: 404, description: 'Unknown board or posting' })
  @ApiResponse({ status: 409, description: 'This e-mail already applied to this job' })
  @ApiResponse({ status: 410, description: 'The posting is closed or unpublished' })
  @ApiResponse({ status: 413, description: 'The body is too large' })
  @ApiResponse({ status: 415, description: 'Not application/json' })
  @ApiResponse({ status: 422, description: 'Well-formed, but cannot be accepted (consent, retention date)' })
  async standardWebhook(
    @Param('slug') slug: string,
    @Headers('webhook-id') id: string | undefined,
    @Headers('webhook-timestamp') timestamp: string | undefined,
    @Headers('webhook-signature') signature: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const board = await this.board(slug);
    const raw = rawBodyOf(request);
    const delivery: Delivery = {
      board,
      source: InboundSource.STANDARD_WEBHOOKS,
      externalId: null,
      signatureValid: false,
      contentType: request.headers['content-type'] ?? null,
      rawBody: raw,
    };
    // The signature first, over the exact bytes: nothing unsigned is parsed.
    const verified = verifyStandardWebhook(
      boardSecretKey(board.signingSecret),
      { id, timestamp, signature },
      raw,
      new Date(),
    );
    if (!verified.ok) {
      send(reply, await this.inbound.refuse(delivery, new UnauthorizedException(verified.message)));
      return;
    }
    const signed = { ...delivery, signatureValid: true };
    let application: InboundApplication;
    try {
      if (!IDEMPOTENCY_KEY.test(id as string)) {
        throw new BadRequestException('webhook-id must be 1 to 200 printable ASCII characters.');
      }
      application = await readBoardApplication(raw, new Date());
    } catch (error) {
      send(reply, await this.inbound.refuse(signed, refusalOf(error)));
      return;
    }
    const answer = await this.inbound.receive({ ...signed, externalId: id as string }, application, {
      sameBodyRequired: false,
    });
    send(reply, answer);
  }

  private async board(slug: string): Promise<JobBoardEntity> {
    const board = await this.publishing.activeBoard(slug);
    if (!board) throw new NotFoundException('There is no such job board.');
    return board;
  }
}
