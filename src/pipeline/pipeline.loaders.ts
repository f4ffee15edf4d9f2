import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLResolveInfo } from 'graphql';
import { CandidateModel, CandidateSkillModel } from '../candidates/candidate.model';
import { SkillModel } from '../skills/skill.model';
import { SkillLoaders } from '../skills/skill.loaders';
import { withPrefetched } from '../common/graphql/prefetched';
import { selectsPath } from '../common/graphql/selection';
import { ConnectionShape } from '../common/graphql/connection';
import { PageRequest, toConnection } from '../common/graphql/keyset';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { Reach, widest } from '../identity/access.rules';
import { reachOf } from '../identity/auth.guards';
import { NodeRegistry } from '../common/graphql/node-registry';
import { ApplicationEntity } from './application.entity';
import { ApplicationModel } from './application.model';
import {
  ApplicationCard,
  ApplicationParent,
  ApplicationsRepository,
  CardExtras,
} from './applications.repository';
import { ApplicationStatus } from './pipeline.enums';
import { ApplicationOrder, ApplicationOrderings, DEFAULT_APPLICATION_ORDER } from './application-orderings';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { PipelineStageModel } from './pipeline-stage.model';
import { PipelineStagesRepository } from './pipeline-stages.repository';
import { StageTransitionEntity } from './stage-transition.entity';
import { StageTransitionModel } from './stage-transition.model';
import { StageTransitionsRepository } from './stage-transitions.repository';
import { RejectionReasonEntity } from './rejection-reason.entity';
import { RejectionReasonModel } from './rejection-reason.model';
import { RejectionReasonsRepository } from './rejection-reasons.repository';

/** Stages are part of a requisition's pipeline and of every application's whereabouts: either reach shows them. */
function pipelineReach(context: GraphQLContext): Reach {
  return widest(reachOf(context, 'requisitions:read'), reachOf(context, 'candidates:read'));
}

/**
 * Stages are never deleted, so a related stage that does not load is beyond the caller's reach: a write-only API
 * key reading its own mutation's payload. Refused like the payload's candidate and requisition, not a crash.
 */
export const stageBeyondReach = () =>
  new ForbiddenException('Reading the stage needs the "requisitions:read" or "candidates:read" permission.');

/** What a page's cards can carry from their statement, answered without their resolvers (see `toCards`). */
export const PREFETCHED_CARD_FIELDS = ['Application.candidate', 'Candidate.skills'];

const CARD_CANDIDATE = ['edges', 'node', 'candidate'];
const CARD_CANDIDATE_SKILLS = [...CARD_CANDIDATE, 'skills'];

/**
 * Batched lookups for the pipeline. Pages are batched per distinct page request: the board's 8 columns asking
 * for `applications(first: 25)` become one LATERAL query, however many columns and cards there are.
 */
@Injectable()
export class PipelineLoaders implements OnModuleInit {
  constructor(
    private readonly stages: PipelineStagesRepository,
    private readonly applications: ApplicationsRepository,
    private readonly transitions: StageTransitionsRepository,
    private readonly skillLoaders: SkillLoaders,
    private readonly nodes: NodeRegistry,
    private readonly reasons: RejectionReasonsRepository,
    private readonly orderings: ApplicationOrderings,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Application', async (id, context) => {
      const row = await this.applicationById(context).load(id);
      return row && ApplicationModel.from(row);
    });
    this.nodes.register('PipelineStage', async (id, context) => {
      const row = await this.stageById(context).load(id);
      return row && PipelineStageModel.from(row);
    });
    this.nodes.register('RejectionReason', async (id, context) => {
      const row = await this.rejectionReasonById(context).load(id);
      return row && RejectionReasonModel.from(row);
    });
    this.nodes.register('StageTransition', async (id, context) => {
      const row = await this.transitionById(context).load(id);
      return row && StageTransitionModel.from(row);
    });
  }

  /** Reasons are a shared vocabulary, not records of anyone: whoever sees applications sees them. */
  rejectionReasonById(context: GraphQLContext): DataLoader<string, RejectionReasonEntity | null> {
    return context.loaders.get(
      'rejectionReason.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          if (reachOf(context, 'candidates:read').kind === 'none') return ids.map(() => null);
          return indexBy(ids, await this.reasons.findByIds(ids), (r) => r.id);
        }),
    );
  }

  stageById(context: GraphQLContext): DataLoader<string, PipelineStageEntity | null> {
    return context.loaders.get(
      'stage.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.stages.findByIds(ids, undefined, pipelineReach(context)), (s) => s.id),
        ),
    );
  }

  liveStagesByRequisition(context: GraphQLContext): DataLoader<string, PipelineStageEntity[]> {
    return context.loaders.get(
      'stage.liveByRequisition',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.stages.findLiveByRequisitionIds(ids), (s) => s.requisitionId),
        ),
    );
  }

  activeCountByStage(context: GraphQLContext): DataLoader<string, number> {
    return context.loaders.get(
      'stage.activeCount',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          // Counting applications is reading them: a caller who may not sees zeros.
          if (reachOf(context, 'candidates:read').kind === 'none') return ids.map(() => 0);
          const counts = await this.applications.countActiveByStageIds(ids);
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    );
  }

  applicationById(context: GraphQLContext): DataLoader<string, ApplicationEntity | null> {
    return context.loaders.get(
      'application.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.applications.findByIds(ids, reachOf(context, 'candidates:read')),
            (a) => a.id,
          ),
        ),
    );
  }

  /**
   * Pages of applications, batched per distinct page request. When the query goes on to ask for the cards'
   * candidates (and their skills), they come in the same statement and the cards carry them as prefetched
   * answers to `Application.candidate` and `Candidate.skills`.
   */
  applicationPages(
    context: GraphQLContext,
    parent: ApplicationParent,
    page: PageRequest,
    status: ApplicationStatus | null,
    extras: CardExtras,
    order: ApplicationOrder = DEFAULT_APPLICATION_ORDER,
  ): DataLoader<string, { model: ApplicationModel; orderKey: number | null }[]> {
    const column = {
      stage_id: 'stageId',
      requisition_id: 'requisitionId',
      candidate_id: 'candidateId',
    } as const;
    return context.loaders.get(
      `application.pages:${parent}:${JSON.stringify(page)}:${status}:${extras.candidate}:${extras.skills}:${order.field}:${order.descending}`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const cards = await this.applications.findPagesByParents(
            parent,
            ids,
            page,
            status,
            reachOf(context, 'candidates:read'),
            extras,
            { keySql: this.orderings.keySql(order.field, 'a'), descending: order.descending },
          );
          const models = await this.toCards(context, cards);
          return groupBy(
            ids,
            models.map((model, i) => ({ model, orderKey: cards[i].orderKey })),
            (a) => a.model.row[column[parent]],
          );
        }),
    );
  }

  applicationCounts(
    context: GraphQLContext,
    parent: ApplicationParent,
    status: ApplicationStatus | null,
  ): DataLoader<string, number> {
    return context.loaders.get(
      `application.counts:${parent}:${status}`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const counts = await this.applications.countByParents(
            parent,
            ids,
            status,
            reachOf(context, 'candidates:read'),
          );
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    );
  }

  transitionById(context: GraphQLContext): DataLoader<string, StageTransitionEntity | null> {
    return context.loaders.get(
      'transition.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.transitions.findByIds(ids, reachOf(context, 'candidates:read')),
            (t) => t.id,
          ),
        ),
    );
  }

  transitionPages(context: GraphQLContext, page: PageRequest): DataLoader<string, StageTransitionEntity[]> {
    return context.loaders.get(
      `transition.pages:${JSON.stringify(page)}`,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.transitions.findPagesByApplicationIds(ids, page), (t) => t.applicationId),
        ),
    );
  }

  transitionCounts(context: GraphQLContext): DataLoader<string, number> {
    return context.loaders.get(
      'transition.counts',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const counts = await this.transitions.countByApplicationIds(ids);
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    );
  }

  /**
   * The cards as models. What the page's statement brought along (the candidate and the ids and years of its
   * skills) is attached to them as prefetched answers; the skills' rows come from one batched lookup by id.
   */
  private async toCards(context: GraphQLContext, cards: ApplicationCard[]): Promise<ApplicationModel[]> {
    const skillIds = [...new Set(cards.flatMap((card) => card.skills?.map((s) => s.skillId) ?? []))];
    const skills = new Map<string, SkillModel>();
    const rows = skillIds.length > 0 ? await this.skillLoaders.byId(context).loadMany(skillIds) : [];
    skillIds.forEach((id, i) => {
      const row = rows[i];
      // A skill is never deleted (candidate_skill_skill_fk): an error here is the lookup's, and is raised.
      if (row instanceof Error) throw row;
      if (row) skills.set(id, SkillModel.from(row));
    });
    return cards.map((card) => {
      const application = ApplicationModel.from(card.application);
      if (!card.candidate) return application;
      const candidate = CandidateModel.from(card.candidate);
      if (card.skills) {
        withPrefetched(candidate, {
          skills: card.skills.flatMap(({ skillId, years }) => {
            const skill = skills.get(skillId);
            return skill ? [CandidateSkillModel.of(skill, years)] : [];
          }),
        });
      }
      return withPrefetched(application, { candidate });
    });
  }

  /** A page of one parent's applications as a connection, batched with its siblings'. */
  async applicationConnection(
    context: GraphQLContext,
    parent: ApplicationParent,
    parentId: string,
    page: PageRequest,
    status: ApplicationStatus | null,
    info: GraphQLResolveInfo,
    order: ApplicationOrder = DEFAULT_APPLICATION_ORDER,
  ): Promise<ConnectionShape<ApplicationModel>> {
    const extras: CardExtras = {
      candidate: selectsPath(info, CARD_CANDIDATE),
      skills: selectsPath(info, CARD_CANDIDATE_SKILLS),
    };
    const rows = await this.applicationPages(context, parent, page, status, extras, order).load(parentId);
    return toConnection(
      rows,
      page,
      (a) => ({ key: a.orderKey ?? a.model.row.appliedAt.getTime(), id: a.model.row.id }),
      (a) => a.model,
      () => this.applicationCounts(context, parent, status).load(parentId),
    );
  }

  async transitionConnection(
    context: GraphQLContext,
    applicationId: string,
    page: PageRequest,
  ): Promise<ConnectionShape<StageTransitionModel>> {
    const rows = await this.transitionPages(context, page).load(applicationId);
    return toConnection(
      rows,
      page,
      (t) => ({ key: t.sequence, id: t.id }),
      StageTransitionModel.from,
      () => this.transitionCounts(context).load(applicationId),
    );
  }
}
