import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { Requires } from '../../common/auth/permissions';
import { fromGlobalId } from '../../common/graphql/global-id';
import { CANDIDATE_EXPORT_KEYS } from './candidate-export.document';
import { CandidateExportService } from './candidate-export.service';

@Resolver()
export class CandidateExportResolver {
  constructor(private readonly exports: CandidateExportService) {}

  @Requires('candidates:export')
  @Query(() => GraphQLJSON, {
    nullable: true,
    description: `Everything stored about the candidate as one JSON document (GDPR access and portability): keys ${CANDIDATE_EXPORT_KEYS.join(', ')}, documented field by field in docs/privacy.md; the same as GET /v1/candidates/{id}/export. Administrators and keys with candidates:export only; null for an id that names no candidate.`,
  })
  async exportCandidateData(@Args('id', { type: () => ID }) id: string): Promise<unknown> {
    const dbId = fromGlobalId(id, 'Candidate');
    return dbId ? this.exports.exportCandidate(dbId) : null;
  }
}
