import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CandidateModel } from '../candidates/candidate.model';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { ApplicationModel } from '../pipeline/application.model';
import { RequisitionModel } from '../requisitions/requisition.model';
import { SkillModel } from '../skills/skill.model';
import { SkillLoaders } from '../skills/skill.loaders';
import { SuggestedCandidatesArgs } from './dto/suggested-candidates.args';
import { MatchingLoaders } from './matching.loaders';
import { MatchingService } from './matching.service';
import {
  SkillMatchItemModel,
  SkillMatchModel,
  SuggestedCandidateConnection,
  SuggestedCandidateEdge,
} from './skill-match.model';

/** `Application.match`: the stored match, explained. */
@Resolver(() => ApplicationModel)
export class ApplicationMatchResolver {
  constructor(private readonly loaders: MatchingLoaders) {}

  @ResolveField(() => SkillMatchModel, {
    nullable: true,
    description:
      "How the candidate's skills meet the requisition's: the stored score that ranking orders by, explained item by item. Null only if the application is gone.",
  })
  async match(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<SkillMatchModel | null> {
    const result = await this.loaders.byApplication(context).load(application.row.id);
    return result && SkillMatchModel.from(result);
  }
}

/** The skills of a match item, through the taxonomy's loader (one statement for a page's distinct skills). */
@Resolver(() => SkillMatchItemModel)
export class SkillMatchItemResolver {
  constructor(private readonly skills: SkillLoaders) {}

  @ResolveField(() => SkillModel, { description: 'The skill the requisition asks for.' })
  async skill(@Parent() item: SkillMatchItemModel, @Context() context: GraphQLContext): Promise<SkillModel> {
    const row = await this.skills.byId(context).load(item.item.skillId);
    return row ? SkillModel.from(row) : fallbackSkill(item.item.skillId, item.item.skillName);
  }

  @ResolveField(() => SkillModel, {
    nullable: true,
    description:
      'A skill of the same category that earned partial credit in place of `skill`, which the candidate lacks.',
  })
  async relatedSkill(
    @Parent() item: SkillMatchItemModel,
    @Context() context: GraphQLContext,
  ): Promise<SkillModel | null> {
    const related = item.item.related;
    if (!related) return null;
    const row = await this.skills.byId(context).load(related.skillId);
    return row ? SkillModel.from(row) : fallbackSkill(related.skillId, related.skillName);
  }
}

@Resolver(() => SkillMatchModel)
export class SkillMatchResolver {
  constructor(private readonly skills: SkillLoaders) {}

  @ResolveField(() => [SkillModel], {
    description: 'The required skills not met (absent, or with fewer years than asked).',
  })
  async missingRequired(
    @Parent() match: SkillMatchModel,
    @Context() context: GraphQLContext,
  ): Promise<SkillModel[]> {
    const rows = await this.skills.byId(context).loadMany(match.result.missingRequired.map((m) => m.skillId));
    return match.result.missingRequired.map((m, i) => {
      const row = rows[i];
      return row && !(row instanceof Error) ? SkillModel.from(row) : fallbackSkill(m.skillId, m.skillName);
    });
  }
}

/** Skills are never deleted; should one be, the stored name still answers. */
function fallbackSkill(id: string, name: string): SkillModel {
  return SkillModel.from({ id, name, category: 'OTHER', aliases: [] } as never);
}

/** Rediscovery: candidates who have not applied to the requisition, ranked by the same match. */
@Resolver(() => RequisitionModel)
export class SuggestedCandidatesResolver {
  constructor(private readonly service: MatchingService) {}

  @ResolveField(() => SuggestedCandidateConnection, {
    description:
      'Candidates who have not applied to this requisition, best match first: within your reach, never those past their retention or who asked not to be contacted. Each edge carries the match.',
  })
  async suggestedCandidates(
    @Parent() requisition: RequisitionModel,
    @Args() args: SuggestedCandidatesArgs,
    @Context() context: GraphQLContext,
  ): Promise<SuggestedCandidateConnection> {
    const page = toPageRequest(args);
    const reach = reachOf(context, 'candidates:read');
    const rows = await this.service.suggestions(requisition.row.id, page, reach);
    const connection = toConnection(
      rows,
      page,
      (row) => ({ key: row.score, id: row.candidate.id }),
      (row) => row,
      () => Promise.resolve(0),
    );
    return {
      pageInfo: connection.pageInfo,
      edges: connection.edges.map((edge) =>
        Object.assign(new SuggestedCandidateEdge(), {
          cursor: edge.cursor,
          node: CandidateModel.from(edge.node.candidate),
          match: SkillMatchModel.from(edge.node.match),
        }),
      ),
    };
  }
}
