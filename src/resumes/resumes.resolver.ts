import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CandidateModel } from '../candidates/candidate.model';
import { GraphQLContext } from '../common/graphql/request-context';
import { Environment } from '../config/environment';
import { seesContactDetails } from '../identity/access.rules';
import { viewerOf } from '../identity/auth.guards';
import { ApplicationModel } from '../pipeline/application.model';
import { ResumeLoaders } from './resume.loaders';
import { ResumeModel } from './resume.model';

@Resolver(() => ResumeModel)
export class ResumeResolver {
  constructor(
    private readonly loaders: ResumeLoaders,
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
    return (await this.loaders.text(context).load(resume.row.id))?.text ?? null;
  }
}

@Resolver(() => CandidateModel)
export class CandidateResumesResolver {
  constructor(private readonly loaders: ResumeLoaders) {}

  @ResolveField(() => [ResumeModel], { description: 'Every resume the candidate sent, newest first.' })
  async resumes(
    @Parent() candidate: CandidateModel,
    @Context() context: GraphQLContext,
  ): Promise<ResumeModel[]> {
    return (await this.loaders.byCandidate(context).load(candidate.row.id)).map(ResumeModel.from);
  }
}

@Resolver(() => ApplicationModel)
export class ApplicationResumeResolver {
  constructor(private readonly loaders: ResumeLoaders) {}

  @ResolveField(() => ResumeModel, {
    nullable: true,
    description: 'The resume sent with this application (the latest, if it was sent again).',
  })
  async resume(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<ResumeModel | null> {
    const row = await this.loaders.latestByApplication(context).load(application.row.id);
    return row ? ResumeModel.from(row) : null;
  }
}
