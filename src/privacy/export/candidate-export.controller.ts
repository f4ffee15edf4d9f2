import {
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Requires } from '../../common/auth/permissions';
import { databaseIdOf } from '../../common/graphql/global-id';
import { reach } from '../../identity/access.rules';
import type { Principal } from '../../identity/principal';
import { CANDIDATE_EXPORT_KEYS } from './candidate-export.document';
import { CandidateExportService } from './candidate-export.service';
import { CandidateExportQuery } from './dto/candidate-export.request';

/** A candidate's data export as a file to hand over (GDPR Articles 15 and 20). */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/candidates')
export class CandidateExportController {
  constructor(private readonly exports: CandidateExportService) {}

  @Get(':id/export')
  @Requires('candidates:export')
  @ApiOperation({
    summary: 'Everything stored about a candidate, as one JSON document (a download)',
    description: `The same document as GraphQL \`exportCandidateData\`, with the top-level keys ${CANDIDATE_EXPORT_KEYS.map((k) => `\`${k}\``).join(', ')}, documented field by field in docs/privacy.md. Administrators and keys with \`candidates:export\` only. Resumes are links (\`downloadUrl\`, \`GET /v1/resumes/{id}\`). EEO self-identification is included only with \`includeSelfIdentification=true\`, which needs \`eeo:read\` (administrators; no key).`,
  })
  @ApiParam({ name: 'id', description: 'The `Candidate` id' })
  @ApiProduces('application/json')
  @ApiResponse({
    status: 200,
    description: 'The document, as an attachment `candidate-<id>.json`',
    content: { 'application/json': { schema: { type: 'object' } } },
  })
  @ApiResponse({
    status: 400,
    description: 'includeSelfIdentification other than true or false (problem details)',
  })
  @ApiResponse({ status: 401, description: 'No valid credentials' })
  @ApiResponse({
    status: 403,
    description:
      'Anyone but administrators and keys with candidates:export; includeSelfIdentification=true by anyone without eeo:read (every key)',
  })
  @ApiResponse({ status: 404, description: 'No such candidate (problem details)' })
  async export(
    @Param('id') id: string,
    @Query() query: CandidateExportQuery,
    @Req() request: FastifyRequest & { user?: Principal },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const includeSelfIdentification = query.includeSelfIdentification === 'true';
    if (includeSelfIdentification && reach(request.user as Principal, 'eeo:read').kind === 'none') {
      throw new ForbiddenException('Self-identification is exported only to administrators (eeo:read).');
    }
    const document = await this.exports.exportCandidate(databaseIdOf(id, 'Candidate'), {
      includeSelfIdentification,
    });
    if (!document) throw new NotFoundException('There is no such candidate.');
    void reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="candidate-${databaseIdOf(id, 'Candidate')}.json"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(JSON.stringify(document, null, 2));
  }
}
