import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { ResumeSkillEvidence, ResumeSummary } from './resumes.repository';
import { ResumesService } from './resumes.service';

/** Per-request loaders: the statements of a query do not grow with the candidates or applications it returns. */
@Injectable()
export class ResumeLoaders {
  constructor(private readonly resumes: ResumesService) {}

  byCandidate(context: GraphQLContext): DataLoader<string, ResumeSummary[]> {
    return context.loaders.get(
      'resume.byCandidate',
      () =>
        new DataLoader<string, ResumeSummary[]>(async (ids) =>
          groupBy(ids, await this.resumes.findByCandidateIds(ids), (r) => r.candidateId),
        ),
    );
  }

  latestByApplication(context: GraphQLContext): DataLoader<string, ResumeSummary | null> {
    return context.loaders.get(
      'resume.latestByApplication',
      () =>
        new DataLoader<string, ResumeSummary | null>(async (ids) =>
          indexBy(ids, await this.resumes.findLatestByApplicationIds(ids), (r) => r.applicationId as string),
        ),
    );
  }

  text(context: GraphQLContext): DataLoader<string, { id: string; text: string | null } | null> {
    return context.loaders.get(
      'resume.text',
      () =>
        new DataLoader<string, { id: string; text: string | null } | null>(async (ids) =>
          indexBy(ids, await this.resumes.findTexts(ids), (r) => r.id),
        ),
    );
  }

  skills(context: GraphQLContext): DataLoader<string, ResumeSkillEvidence[]> {
    return context.loaders.get(
      'resume.skills',
      () =>
        new DataLoader<string, ResumeSkillEvidence[]>(async (ids) =>
          groupBy(ids, await this.resumes.findSkillsByResumeIds(ids), (r) => r.resumeId),
        ),
    );
  }
}
