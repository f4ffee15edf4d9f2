import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ForbiddenException } from '@nestjs/common';
import { Requires } from '../common/auth/permissions';
import { encodeCursor, decodeCursor } from '../common/graphql/keyset';
import { DEFAULT_PAGE_SIZE } from '../common/graphql/connection';
import { GraphQLContext } from '../common/graphql/request-context';
import { viewerOf } from '../identity/auth.guards';
import { ViewerModel } from '../identity/viewer.model';
import { CalendarFeedsService } from './calendar-feeds.service';
import { RotateCalendarFeedTokenPayload } from './dto/evaluation.payloads';
import { RotateCalendarFeedTokenInput, ViewerInterviewsArgs } from './dto/interview.inputs';
import { EvaluationLoaders, evaluationReachOf } from './evaluation.loaders';
import { EvaluationRepository } from './evaluation.repository';
import { InterviewConnection, InterviewModel } from './interview.model';
import { PendingScorecardModel, ScorecardModel } from './scorecard.model';

/** The caller's own side of evaluation: their interviews, what they owe, their calendar feed. */
@Resolver(() => ViewerModel)
export class ViewerEvaluationResolver {
  constructor(
    private readonly feeds: CalendarFeedsService,
    private readonly repository: EvaluationRepository,
    private readonly loaders: EvaluationLoaders,
  ) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      "The caller's private iCalendar feed of their interviews (subscribe to it in a calendar app). Keep it secret: anyone with the URL reads the feed; `rotateCalendarFeedToken` replaces it. Null for API keys.",
  })
  async calendarFeedUrl(@Context() context: GraphQLContext): Promise<string | null> {
    const viewer = viewerOf(context);
    return viewer.kind === 'user' ? this.feeds.urlFor(viewer.id) : null;
  }

  @ResolveField(() => InterviewConnection, {
    description:
      'The interviews the caller is an interviewer of, soonest first; `from`/`to` narrow them to those overlapping that window. Empty for API keys.',
  })
  async interviews(
    @Parent() _viewer: ViewerModel,
    @Args() args: ViewerInterviewsArgs,
    @Context() context: GraphQLContext,
  ): Promise<InterviewConnection> {
    const viewer = viewerOf(context);
    const limit = args.first ?? DEFAULT_PAGE_SIZE;
    const cursor = args.after ? decodeCursor(args.after, 'after') : null;
    const userId = viewer.kind === 'user' ? viewer.id : null;
    const rows = userId
      ? await this.repository.findInterviewsOfInterviewer(userId, {
          after: cursor ? { startsAt: new Date(cursor.key), id: cursor.id } : null,
          from: args.from ?? null,
          to: args.to ?? null,
          limit,
        })
      : [];
    const page = rows.slice(0, limit);
    const count = () =>
      userId
        ? this.repository.countInterviewsOfInterviewer(userId, args.from ?? null, args.to ?? null)
        : Promise.resolve(0);
    const edges = page.map((row) => ({
      cursor: encodeCursor({ key: row.startsAt.getTime(), id: row.id }),
      node: InterviewModel.from(row),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > limit,
        hasPreviousPage: cursor !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      get totalCount() {
        return count();
      },
    };
  }

  @ResolveField(() => [PendingScorecardModel], {
    description:
      'The scorecards the caller still owes: interviews they were on that have ended, without their submitted scorecard (with the draft, if any). Empty for API keys.',
  })
  async pendingScorecards(@Context() context: GraphQLContext): Promise<PendingScorecardModel[]> {
    const viewer = viewerOf(context);
    if (viewer.kind !== 'user') return [];
    const owed = await this.repository.findOwedScorecards(
      { userId: viewer.id },
      evaluationReachOf(context, 'interviews:read'),
    );
    const [interviews, scorecards] = await Promise.all([
      this.loaders.interviewById(context).loadMany(owed.map((o) => o.interviewId)),
      this.loaders.scorecardsByInterview(context).loadMany(owed.map((o) => o.interviewId)),
    ]);
    return owed.flatMap((_o, i) => {
      const interview = interviews[i];
      if (!interview || interview instanceof Error) return [];
      const mine = scorecards[i];
      const draft = mine instanceof Error ? undefined : mine.find((s) => s.authorId === viewer.id);
      return [
        Object.assign(new PendingScorecardModel(), {
          interview: InterviewModel.from(interview),
          draft: draft ? ScorecardModel.from(draft) : null,
        }),
      ];
    });
  }

  @Requires('interviews:read')
  @Mutation(() => RotateCalendarFeedTokenPayload, {
    description: "Replaces the caller's calendar-feed token: the old URL answers 404 from now on.",
  })
  async rotateCalendarFeedToken(
    @Args('input', { type: () => RotateCalendarFeedTokenInput, nullable: true })
    _input: RotateCalendarFeedTokenInput | null,
    @Context() context: GraphQLContext,
  ): Promise<RotateCalendarFeedTokenPayload> {
    const viewer = viewerOf(context);
    if (viewer.kind !== 'user') throw new ForbiddenException('Only users have calendar feeds.');
    return { calendarFeedUrl: await this.feeds.rotate(viewer.id), userErrors: [] };
  }
}
