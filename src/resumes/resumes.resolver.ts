import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CandidateModel } from '../candidates/candidate.model';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { Environment } from '../config/environment';
import { seesContactDetails } from '../identity/access.rules';
import { viewerOf } from '../identity/auth.guards';
import { ApplicationModel } from '../pipeline/pipeline.models';
import { ResumeModel } from './resume.model';
import { ResumeSummary, ResumesService } from './resumes.service';

/** Per-request loaders: the statements of a query do not grow with the candidates or applications it returns. */
function loaders(service: ResumesService, context: GraphQLContext) {
  return {
    byCandidate: context.loaders.get(
      'resume.byCandidate',
      () =>
        new DataLoader<string, ResumeSummary[]>(async (ids) =>
          groupBy(ids, await service.findByCandidateIds(ids), (r) => r.candidateId),
        ),
    ),
    latestByApplication: context.loaders.get(
      'resume.latestByApplication',
      () =>
        new DataLoader<string, ResumeSummary | null>(async (ids) =>
          indexBy(ids, await service.findLatestByApplicationIds(ids), (r) => r.applicationId as string),
        ),
    ),
    text: context.loaders.get(
      'resume.text',
      () =>
        new DataLoader<string, { id: string; text: string | null } | null>(async (ids) =>
          indexBy(ids, await service.findTexts(ids), (r) => r.id),
        ),
    ),
  };
}

@Resolver(() => ResumeModel)
export class ResumeResolver {
  constructor(
    private readonly service: ResumesService,
    private readonly env: Environment,
  ) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      'GET it with the same credentials to download the file. Null for interviewers: a resume carries contact details.',
  })
  downloadUrl(@Parent() resume: ResumeModel, @Context() context: GraphQLContext): string | null {
    if (!seesContactDetails(viewerOf(context))) return null;
    return `${this.env.publicBaseUrl()}/v1/resumes/${resume.id}`;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The text of a plain-text resume (null for other types, and for interviewers).',
  })
  async text(@Parent() resume: ResumeModel, @Context() context: GraphQLContext): Promise<string | null> {
    if (!resume.row.contentType.startsWith('text/plain') || !seesContactDetails(viewerOf(context))) {
      return null;
    }
    return (await loaders(this.service, context).text.load(resume.row.id))?.text ?? null;
  }
}

@Resolver(() => CandidateModel)
export class CandidateResumesResolver {
  constructor(private readonly service: ResumesService) {}

  @ResolveField(() => [ResumeModel], { description: 'Every resume the candidate sent, newest first.' })
  async resumes(
    @Parent() candidate: CandidateModel,
    @Context() context: GraphQLContext,
  ): Promise<ResumeModel[]> {
    return (await loaders(this.service, context).byCandidate.load(candidate.row.id)).map(ResumeModel.from);
  }
}

@Resolver(() => ApplicationModel)
export class ApplicationResumeResolver {
  constructor(private readonly service: ResumesService) {}

  @ResolveField(() => ResumeModel, {
    nullable: true,
    description: 'The resume sent with this application (the latest, if it was sent again).',
  })
  async resume(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<ResumeModel | null> {
    const row = await loaders(this.service, context).latestByApplication.load(application.row.id);
    return row ? ResumeModel.from(row) : null;
  }
}
