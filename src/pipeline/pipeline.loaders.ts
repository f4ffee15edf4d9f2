import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ConnectionShape } from '../common/graphql/connection';
import { PageRequest, toConnection } from '../common/graphql/keyset';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { Reach, widest } from '../identity/access.rules';
import { reachOf } from '../identity/auth.guards';

/** Stages are part of a requisition's pipeline and of every application's whereabouts: either reach shows them. */
function pipelineReach(context: GraphQLContext): Reach {
  return widest(reachOf(context, 'requisitions:read'), reachOf(context, 'candidates:read'));
}
import { ApplicationEntity } from './application.entity';
import { ApplicationStatus } from './pipeline.enums';
import { ApplicationModel, StageTransitionModel } from './pipeline.models';
import { ApplicationParent, PipelineRepository } from './pipeline.repository';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { StageTransitionEntity } from './stage-transition.entity';

/**
 * Batched lookups for the pipeline. Pages are batched per distinct page request: the board's 8 columns asking
 * for `applications(first: 25)` become one LATERAL query, however many columns and cards there are.
 */
@Injectable()
export class PipelineLoaders {
  constructor(private readonly pipeline: PipelineRepository) {}

  stageById(context: GraphQLContext): DataLoader<string, PipelineStageEntity | null> {
    return context.loaders.get(
      'stage.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.pipeline.findStagesByIds(ids, undefined, pipelineReach(context)),
            (s) => s.id,
          ),
        ),
    );
  }

  liveStagesByRequisition(context: GraphQLContext): DataLoader<string, PipelineStageEntity[]> {
    return context.loaders.get(
      'stage.liveByRequisition',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.pipeline.findLiveStagesByRequisitionIds(ids), (s) => s.requisitionId),
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
          const counts = await this.pipeline.countActiveByStageIds(ids);
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
            await this.pipeline.findApplicationsByIds(ids, reachOf(context, 'candidates:read')),
            (a) => a.id,
          ),
        ),
    );
  }

  applicationPages(
    context: GraphQLContext,
    parent: ApplicationParent,
    page: PageRequest,
    status: ApplicationStatus | null,
  ): DataLoader<string, ApplicationEntity[]> {
    const column = {
      stage_id: 'stageId',
      requisition_id: 'requisitionId',
      candidate_id: 'candidateId',
    } as const;
    return context.loaders.get(
      `application.pages:${parent}:${JSON.stringify(page)}:${status}`,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.pipeline.findApplicationPages(
              parent,
              ids,
              page,
              status,
              reachOf(context, 'candidates:read'),
            ),
            (a) => a[column[parent]],
          ),
        ),
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
          const counts = await this.pipeline.countByParents(
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
            await this.pipeline.findTransitionsByIds(ids, reachOf(context, 'candidates:read')),
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
          groupBy(ids, await this.pipeline.findTransitionPages(ids, page), (t) => t.applicationId),
        ),
    );
  }

  transitionCounts(context: GraphQLContext): DataLoader<string, number> {
    return context.loaders.get(
      'transition.counts',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const counts = await this.pipeline.countTransitions(ids);
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    );
  }

  /** A page of one parent's applications as a connection, batched with its siblings'. */
  async applicationConnection(
    context: GraphQLContext,
    parent: ApplicationParent,
    parentId: string,
    page: PageRequest,
    status: ApplicationStatus | null,
  ): Promise<ConnectionShape<ApplicationModel>> {
    const rows = await this.applicationPages(context, parent, page, status).load(parentId);
    return toConnection(
      rows,
      page,
      (a) => ({ key: a.appliedAt.getTime(), id: a.id }),
      ApplicationModel.from,
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
