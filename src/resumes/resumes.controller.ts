import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseIdOf, toGlobalId } from '../common/graphql/global-id';
import { reach, seesContactDetails } from '../identity/access.rules';
import { Requires } from '../common/auth/permissions';
import { Principal } from '../identity/principal';
import { ResumesService } from './resumes.service';
import { ResumeStatus } from './resume.enums';
import { readResumeUpload, UPLOAD_PART } from './resume-upload.form';
import { checkResume } from './resume.rules';

/** The body of an upload, for the OpenAPI document (the handler reads the stream itself). */
class ResumeUploadForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The resume: PDF, Word (doc, docx), RTF or UTF-8 text, at most 5 MB; its kind from its file name',
  })
  resume!: unknown;
}

/** The answer to an upload. */
export class ResumeUploadedResponse {
  @ApiProperty({ description: 'The `Resume` id (GraphQL global id)' })
  id!: string;

  @ApiProperty({ enum: ResumeStatus, example: ResumeStatus.PENDING })
  status!: ResumeStatus;
}

/** `attachment` with the file name: plain ASCII for old clients, RFC 5987 UTF-8 for the rest. */
export function contentDisposition(fileName: string | null): string {
  const name = fileName ?? 'resume';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@ApiTags('resumes')
@ApiBearerAuth()
@Controller('v1/resumes')
export class ResumesController {
  constructor(private readonly resumes: ResumesService) {}

  @Get(':id')
  @Requires('candidates:read')
  @ApiOperation({
    summary: 'Download a resume (the `downloadUrl` of a GraphQL `Resume`), as the candidate sent it',
  })
  @ApiParam({ name: 'id', description: 'The `Resume` id' })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The file, with its content type and file name' })
  @ApiResponse({ status: 401, description: 'No valid credentials' })
  @ApiResponse({
    status: 403,
    description: 'Interviewers (a resume carries contact details) or keys without candidates:read',
  })
  @ApiResponse({ status: 404, description: "No such resume, or the candidate is beyond the caller's reach" })
  async download(
    @Param('id') id: string,
    @Req() request: FastifyRequest & { user?: Principal },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const principal = request.user as Principal;
    const resume = await this.resumes.findForDownload(
      databaseIdOf(id, 'Resume'),
      reach(principal, 'candidates:read'),
    );
    if (!resume) throw new NotFoundException('There is no such resume.');
    if (!seesContactDetails(principal)) {
      throw new ForbiddenException('Resumes carry contact details, which interviewers do not see.');
    }
    void reply
      .status(200)
      .header('content-type', resume.contentType)
      .header('content-length', String(resume.byteSize))
      .header('content-disposition', contentDisposition(resume.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .header('etag', `"${resume.sha256}"`)
      .send(resume.content);
  }
}

@ApiTags('resumes')
@ApiBearerAuth()
@Controller('v1/candidates')
export class CandidateResumeUploadsController {
  constructor(private readonly resumes: ResumesService) {}

  @Post(':id/resumes')
  @Requires('candidates:write')
  @RouteConfig({ multipart: true })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a resume for a candidate (multipart/form-data, the file as the `resume` part)',
    description:
      'Same limits and checks as the career page. The resume is stored PENDING; its text and the skills in it are read afterwards by a background job (`Resume.status` becomes PARSED or FAILED).',
  })
  @ApiParam({ name: 'id', description: 'The `Candidate` id' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ResumeUploadForm })
  @ApiResponse({ status: 201, type: ResumeUploadedResponse, description: 'Stored; reading is pending' })
  @ApiResponse({
    status: 400,
    description: `No \`${UPLOAD_PART}\` file part, another part, or a malformed form`,
  })
  @ApiResponse({ status: 401, description: 'No valid credentials' })
  @ApiResponse({
    status: 403,
    description: 'Not allowed to update candidates (keys without candidates:write)',
  })
  @ApiResponse({ status: 404, description: "No such candidate, or beyond the caller's reach" })
  @ApiResponse({ status: 413, description: 'The resume is larger than 5 MB' })
  @ApiResponse({ status: 415, description: 'Not multipart/form-data' })
  @ApiResponse({
    status: 422,
    description: 'Not a PDF, Word, RTF or UTF-8 text file (by extension and content), or empty',
  })
  async upload(
    @Param('id') id: string,
    @Req() request: FastifyRequest & { user?: Principal },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const candidateId = databaseIdOf(id, 'Candidate');
    const upload = await readResumeUpload(request);
    const checked = checkResume({ fileName: upload.fileName, bytes: upload.bytes });
    if (!checked.ok) throw new UnprocessableEntityException(checked.message);
    const resume = await this.resumes.upload(
      { candidateId, file: checked.value },
      reach(request.user as Principal, 'candidates:write'),
    );
    const body: ResumeUploadedResponse = { id: toGlobalId('Resume', resume.id), status: resume.status };
    void reply.status(201).header('location', `/v1/resumes/${body.id}`).send(body);
  }
}
