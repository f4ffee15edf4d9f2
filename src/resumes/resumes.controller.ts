import { Controller, ForbiddenException, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseIdOf } from '../common/graphql/global-id';
import { reach, seesContactDetails } from '../identity/access.rules';
import { Requires } from '../common/auth/permissions';
import { Principal } from '../identity/principal';
import { ResumesService } from './resumes.service';

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
