import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CandidateModel } from '../candidates/candidate.model';
import { GraphQLContext } from '../common/graphql/request-context';
import { Environment } from '../config/environment';
import { seesContactDetails } from '../identity/access.rules';
import { viewerOf } from '../identity/auth.guards';
import { ApplicationModel } from '../pipeline/application.model';
import { ResumeLoaders } from './resume.loaders';
import { ResumeModel, ResumeSkillModel } from './resume.model';
import { ResumeStatus } from './resume.enums';
import { SkillLoaders } from '../skills/skill.loaders';
import { SkillModel } from '../skills/skill.model';

@Resolver(() => ResumeModel)
export class ResumeResolver {
  constructor(
    private readonly loaders: ResumeLoaders,
    private readonly skillLoaders: SkillLoaders,
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
    description:
      'The text read from the file (PDF, DOCX, plain text) once PARSED; null before, when it could not be read, and for interviewers.',
  })
  async text(@Parent() resume: ResumeModel, @Context() context: GraphQLContext): Promise<string | null> {
    if (resume.row.status !== ResumeStatus.PARSED || !seesContactDetails(viewerOf(context))) return null;
    return (await this.loaders.text(context).load(resume.row.id))?.text ?? null;
  }

  @ResolveField(() => [ResumeSkillModel], {
    description:
      'The taxonomy skills recognised in its text, in order of first mention (empty until PARSED).',
  })
  async skills(
    @Parent() resume: ResumeModel,
    @Context() context: GraphQLContext,
  ): Promise<ResumeSkillModel[]> {
    if (resume.row.status !== ResumeStatus.PARSED) return [];
    const found = await this.loaders.skills(context).load(resume.row.id);
    const skills = await this.skillLoaders.byId(context).loadMany(found.map((f) => f.skillId));
    const seesText = seesContactDetails(viewerOf(context));
    return found.flatMap((f, i) => {
      const skill = skills[i];
      if (!skill || skill instanceof Error) return [];
      return [
        Object.assign(new ResumeSkillModel(), {
          skill: SkillModel.from(skill),
          evidence: seesText ? f.evidence : null,
        }),
      ];
    });
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
