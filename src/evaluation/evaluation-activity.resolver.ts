import { NotFoundException } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLContext } from '../common/graphql/request-context';
import { InterviewActivityModel, ScorecardActivityModel } from './evaluation-activity.model';
import { EvaluationLoaders } from './evaluation.loaders';
import { InterviewModel } from './interview.model';
import { ScorecardModel } from './scorecard.model';

/** The records behind evaluation's timeline items, batched: one statement per page, whatever its size. */
@Resolver(() => InterviewActivityModel)
export class InterviewActivityResolver {
  constructor(private readonly loaders: EvaluationLoaders) {}

  @ResolveField(() => InterviewModel)
  async interview(
    @Parent() item: InterviewActivityModel,
    @Context() context: GraphQLContext,
  ): Promise<InterviewModel> {
    // Same reach as the timeline's source, so an item's interview is always there.
    const row = await this.loaders.interviewById(context).load(item.interviewId);
    if (!row) throw new NotFoundException('The interview is gone.');
    return InterviewModel.from(row);
  }
}

@Resolver(() => ScorecardActivityModel)
export class ScorecardActivityResolver {
  constructor(private readonly loaders: EvaluationLoaders) {}

  @ResolveField(() => ScorecardModel)
  async scorecard(
    @Parent() item: ScorecardActivityModel,
    @Context() context: GraphQLContext,
  ): Promise<ScorecardModel> {
    // Same blind-feedback rule as the timeline's source, so an item's scorecard is always there.
    const row = await this.loaders.scorecardById(context).load(item.scorecardId);
    if (!row) throw new NotFoundException('The scorecard is gone.');
    return ScorecardModel.from(row);
  }
}
