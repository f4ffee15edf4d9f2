import { ForbiddenException } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import GraphQLJSON from 'graphql-type-json';
import { Requires } from '../../common/auth/permissions';
import { fromGlobalId } from '../../common/graphql/global-id';
import { reachOf } from '../../identity/auth.guards';
import { CANDIDATE_EXPORT_KEYS } from './candidate-export.document';
import { CandidateExportService } from './candidate-export.service';

@Resolver()
export class CandidateExportResolver {
  constructor(private readonly exports: CandidateExportService) {}

  @Requires('candidates:export')
  @Query(() => GraphQLJSON, {
    nullable: true,
    description: `Everything stored about the candidate as one JSON document (GDPR access and portability): keys ${CANDIDATE_EXPORT_KEYS.join(', ')}, documented field by field in docs/privacy.md; the same as GET /v1/candidates/{id}/export. Administrators and keys with candidates:export only; null for an id that names no candidate. EEO self-identification is added (key selfIdentification) only with includeSelfIdentification: true, which needs eeo:read (administrators; no key).`,
  })
  async exportCandidateData(
    @Args('id', { type: () => ID }) id: string,
    @Args('includeSelfIdentification', { type: () => Boolean, defaultValue: false })
    includeSelfIdentification: boolean,
    @Context() context: { req: FastifyRequest },
  ): Promise<unknown> {
    if (includeSelfIdentification && reachOf(context, 'eeo:read').kind === 'none') {
      throw new ForbiddenException('Self-identification is exported only to administrators (eeo:read).');
    }
    const dbId = fromGlobalId(id, 'Candidate');
    return dbId ? this.exports.exportCandidate(dbId, { includeSelfIdentification }) : null;
  }
}
