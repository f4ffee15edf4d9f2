import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Capability } from '../common/auth/permissions';
import { NodeRegistry } from '../common/graphql/node-registry';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { reach } from '../identity/access.rules';
import { reachOf, viewerOf } from '../identity/auth.guards';
import { UserEntity } from '../identity/user.entity';
import { UsersService } from '../identity/users.service';
import { ApplicationActivity } from '../pipeline/application-activity';
import { RequisitionSkillRow } from '../requisitions/requisitions.repository';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { InterviewActivityModel, ScorecardActivityModel } from './evaluation-activity.model';
import { EvaluationReach, evaluationReach } from './evaluation-reach-sql';
import { EvaluationRepository, OwedScorecard, SubmittedScorecardRow } from './evaluation.repository';
import { rubricOf } from './evaluation.rules';
import { InterviewEntity } from './interview.entity';
import { InterviewModel } from './interview.model';
import { ScorecardEntity } from './scorecard.entity';
import { ScorecardModel } from './scorecard.model';
import { ScorecardRatingEntity } from './scorecard-rating.entity';

/** The caller's evaluation reach for a capability (interviews:read, interviews:write, scorecards:read…). */
export function evaluationReachOf(context: GraphQLContext, capability: Capability): EvaluationReach {
  return evaluationReach(viewerOf(context), reachOf(context, capability));
}

/**
 * Batched lookups of interviews, scorecards and evaluations: each relation is one statement per request, however
 * many parents ask for it. Reads are filtered by the caller's reach in SQL. Also registers interviews and
 * scorecards with `Node` and with applications' timelines (pipeline's `ApplicationActivity` port).
 */
@Injectable()
export class EvaluationLoaders implements OnModuleInit {
  constructor(
    private readonly repository: EvaluationRepository,
    private readonly users: UsersService,
    private readonly requisitions: RequisitionsService,
    private readonly nodes: NodeRegistry,
    private readonly activity: ApplicationActivity,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Interview', async (id, context) => {
      const row = await this.interviewById(context).load(id);
      return row && InterviewModel.from(row);
    });
    this.nodes.register('Scorecard', async (id, context) => {
      const row = await this.scorecardById(context).load(id);
      return row && ScorecardModel.from(row);
    });
    // Interviews as interviews:read shows them (interviewers: those they are on).
    this.activity.register({
      name: 'interview',
      select: (viewer, applicationIdExpr, bind) =>
        this.repository.interviewActivitySelect(
          evaluationReach(viewer, reach(viewer, 'interviews:read')),
          applicationIdExpr,
          bind,
        ),
      toItem: InterviewActivityModel.from,
    });
    // Submitted scorecards under blind feedback, only with scorecards:read.
    this.activity.register({
      name: 'scorecard',
      select: (viewer, applicationIdExpr, bind) =>
        this.repository.scorecardActivitySelect(
          evaluationReach(viewer, reach(viewer, 'scorecards:read')),
          applicationIdExpr,
          bind,
        ),
      toItem: ScorecardActivityModel.from,
    });
  }

  interviewById(context: GraphQLContext): DataLoader<string, InterviewEntity | null> {
    return context.loaders.get(
      'interview.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.repository.findInterviewsByIds(ids, evaluationReachOf(context, 'interviews:read')),
            (i) => i.id,
          ),
        ),
    );
  }

  /**
   * The interview of a scorecard the caller already reads: whoever may read a scorecard may know which interview it
   * is about, even an interviewer who was not on that interview.
   */
  interviewOfScorecard(context: GraphQLContext): DataLoader<string, InterviewEntity | null> {
    return context.loaders.get(
      'interview.ofScorecard',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.repository.findInterviewsByIds(ids, { kind: 'all', userId: null }),
            (i) => i.id,
          ),
        ),
    );
  }

  interviewsByApplication(context: GraphQLContext): DataLoader<string, InterviewEntity[]> {
    return context.loaders.get(
      'interview.byApplication',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.repository.findInterviewsByApplicationIds(
              ids,
              evaluationReachOf(context, 'interviews:read'),
            ),
            (i) => i.applicationId,
          ),
        ),
    );
  }

  interviewersByInterview(context: GraphQLContext): DataLoader<string, UserEntity[]> {
    return context.loaders.get(
      'interview.interviewers',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const rows = await this.repository.findInterviewersByInterviewIds(ids);
          const users = await this.userById(context).loadMany([...new Set(rows.map((r) => r.userId))]);
          const byId = new Map(
            users.filter((u): u is UserEntity => u != null && !(u instanceof Error)).map((u) => [u.id, u]),
          );
          return groupBy(ids, rows, (r) => r.interviewId).map((group) =>
            group.map((r) => byId.get(r.userId)).filter((u): u is UserEntity => u !== undefined),
          );
        }),
    );
  }

  interviewerIdsByInterview(context: GraphQLContext): DataLoader<string, string[]> {
    return context.loaders.get(
      'interview.interviewerIds',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.repository.findInterviewersByInterviewIds(ids), (r) => r.interviewId).map(
            (g) => g.map((r) => r.userId),
          ),
        ),
    );
  }

  userById(context: GraphQLContext): DataLoader<string, UserEntity | null> {
    return context.loaders.get(
      'evaluation.userById',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.users.findByIds(ids), (u) => u.id),
        ),
    );
  }

  /** The requisition's skills (with importance and minimum years), in the requisition's order. */
  requisitionSkills(context: GraphQLContext): DataLoader<string, RequisitionSkillRow[]> {
    return context.loaders.get(
      'evaluation.requisitionSkills',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.requisitions.findSkills(ids), (s) => s.requisitionId),
        ),
    );
  }

  async rubricOf(context: GraphQLContext, interview: InterviewEntity): Promise<RequisitionSkillRow[]> {
    return rubricOf(
      await this.requisitionSkills(context).load(interview.requisitionId),
      interview.focusSkillIds,
    );
  }

  scorecardById(context: GraphQLContext): DataLoader<string, ScorecardEntity | null> {
    return context.loaders.get(
      'scorecard.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.repository.findScorecardsByIds(ids, evaluationReachOf(context, 'scorecards:read')),
            (s) => s.id,
          ),
        ),
    );
  }

  scorecardsByInterview(context: GraphQLContext): DataLoader<string, ScorecardEntity[]> {
    return context.loaders.get(
      'scorecard.byInterview',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.repository.findScorecardsByInterviewIds(
              ids,
              evaluationReachOf(context, 'scorecards:read'),
            ),
            (s) => s.interviewId,
          ),
        ),
    );
  }

  ratingsByScorecard(context: GraphQLContext): DataLoader<string, ScorecardRatingEntity[]> {
    return context.loaders.get(
      'scorecard.ratings',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.repository.findRatingsByScorecardIds(ids), (r) => r.scorecardId),
        ),
    );
  }

  submittedByApplication(context: GraphQLContext): DataLoader<string, SubmittedScorecardRow[]> {
    return context.loaders.get(
      'evaluation.submitted',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.repository.findSubmittedForEvaluation(
              ids,
              evaluationReachOf(context, 'scorecards:read'),
            ),
            (r) => r.applicationId,
          ),
        ),
    );
  }

  owedByApplication(context: GraphQLContext): DataLoader<string, OwedScorecard[]> {
    return context.loaders.get(
      'evaluation.owed',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.repository.findOwedScorecards(
              { applicationIds: ids },
              evaluationReachOf(context, 'interviews:read'),
            ),
            (r) => r.applicationId,
          ),
        ),
    );
  }
}
