import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize } from 'class-validator';
import { CandidateLoaders } from '../candidates/candidate.loaders';
import { CandidateModel } from '../candidates/candidate.model';
import { decodeGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { GraphQLContext } from '../common/graphql/request-context';
import { JobBoardLoaders } from '../job-boards/job-board.loaders';
import { JobBoardModel, JobPostingModel } from '../job-boards/job-board.models';
import { managesJobBoards } from '../job-boards/job-boards.resolvers';
import { PipelineLoaders } from '../pipeline/pipeline.loaders';
import { ApplicationModel, PipelineStageModel, StageTransitionModel } from '../pipeline/pipeline.models';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import { SkillModel } from '../skills/skill.model';
import { SkillLoaders } from '../skills/skill.loaders';
import { reachOf } from '../identity/auth.guards';
import { UserModel } from '../identity/identity.models';
import { UsersService } from '../identity/users.service';
import { ArgsType, Field } from '@nestjs/graphql';

@ArgsType()
class NodesArgs {
  @Field(() => [ID])
  @ArrayMaxSize(100)
  ids!: string[];
}

/** Refetches any object by its global id; unknown, malformed or foreign ids answer null. */
@Resolver(() => Node)
export class NodeResolver {
  constructor(
    private readonly requisitions: RequisitionLoaders,
    private readonly candidates: CandidateLoaders,
    private readonly pipeline: PipelineLoaders,
    private readonly skills: SkillLoaders,
    private readonly users: UsersService,
    private readonly jobBoards: JobBoardLoaders,
  ) {}

  @Query(() => Node, { nullable: true })
  node(@Args('id', { type: () => ID }) id: string, @Context() context: GraphQLContext): Promise<Node | null> {
    return this.resolve(id, context);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Up to 100 ids; null in place of any that name nothing.',
  })
  nodes(@Args() args: NodesArgs, @Context() context: GraphQLContext): Promise<(Node | null)[]> {
    return Promise.all(args.ids.map((id) => this.resolve(id, context)));
  }

  private async resolve(globalId: string, context: GraphQLContext): Promise<Node | null> {
    const decoded = decodeGlobalId(globalId);
    if (!decoded) return null;
    const { id } = decoded;
    switch (decoded.type) {
      case 'Requisition': {
        const row = await this.requisitions.byId(context).load(id);
        return row && RequisitionModel.from(row);
      }
      case 'Candidate': {
        const row = await this.candidates.byId(context).load(id);
        return row && CandidateModel.from(row);
      }
      case 'Application': {
        const row = await this.pipeline.applicationById(context).load(id);
        return row && ApplicationModel.from(row);
      }
      case 'PipelineStage': {
        const row = await this.pipeline.stageById(context).load(id);
        return row && PipelineStageModel.from(row);
      }
      case 'StageTransition': {
        const row = await this.pipeline.transitionById(context).load(id);
        return row && StageTransitionModel.from(row);
      }
      case 'Skill': {
        // Batched like the other types, so `nodes(ids:)` costs one statement for any number of skills.
        const row = await this.skills.byId(context).load(id);
        return row ? SkillModel.from(row) : null;
      }
      case 'User': {
        // Accounts are for administrators to look up; to anyone else they do not exist.
        if (reachOf(context, 'administer').kind === 'none') return null;
        const [row] = await this.users.findByIds([id]);
        return row ? UserModel.from(row) : null;
      }
      case 'JobBoard': {
        if (!managesJobBoards(context)) return null;
        const row = await this.jobBoards.boardById(context).load(id);
        return row ? JobBoardModel.from(row) : null;
      }
      case 'JobPosting': {
        if (!managesJobBoards(context)) return null;
        const row = await this.jobBoards.postingById(context).load(id);
        return row ? JobPostingModel.from(row) : null;
      }
      default:
        return null;
    }
  }
}
