import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { jsonbToEntity } from '../common/database/raw-rows';
import { ConnectionShape } from '../common/graphql/connection';
import { PageRequest, toConnection } from '../common/graphql/keyset';
import { GraphQLContext, groupBy } from '../common/graphql/request-context';
import { reach } from '../identity/access.rules';
import { viewerOf } from '../identity/auth.guards';
import { ActivityItem, ActivityRow, ApplicationActivity } from './application-activity';
import { StageTransitionActivityModel } from './application-activity.model';
import { ActivityBranch, ApplicationActivityRepository } from './application-activity.repository';
import { StageTransitionEntity } from './stage-transition.entity';
import { StageTransitionsRepository } from './stage-transitions.repository';

/**
 * Applications' timelines: pipeline's own source (stage and status transitions) registered with the port, and the
 * batched pages over every registered source — one statement per distinct page request, however many
 * applications ask and whatever kinds their items are.
 */
@Injectable()
export class ApplicationActivityLoaders implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activity: ApplicationActivity,
    private readonly repository: ApplicationActivityRepository,
    private readonly transitions: StageTransitionsRepository,
  ) {}

  onModuleInit(): void {
    this.activity.register({
      name: 'stage_transition',
      // History is read like the application itself: with candidates:read, within reach.
      select: (viewer, applicationIdExpr, bind) =>
        this.transitions.activitySelect(reach(viewer, 'candidates:read'), applicationIdExpr, bind),
      toItem: (row: ActivityRow) =>
        StageTransitionActivityModel.from(
          jsonbToEntity(this.dataSource.manager, StageTransitionEntity, row.data),
        ),
    });
  }

  private branches(context: GraphQLContext): ActivityBranch[] {
    const viewer = viewerOf(context);
    return this.activity.sources().map((source) => ({
      name: source.name,
      select: (applicationIdExpr, bind) => source.select(viewer, applicationIdExpr, bind),
    }));
  }

  pages(context: GraphQLContext, page: PageRequest): DataLoader<string, ActivityRow[]> {
    return context.loaders.get(
      `activity.pages:${JSON.stringify(page)}`,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(
            ids,
            await this.repository.findPages(ids, page, this.branches(context)),
            (row) => row.applicationId,
          ),
        ),
    );
  }

  counts(context: GraphQLContext): DataLoader<string, number> {
    return context.loaders.get(
      'activity.counts',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const counts = await this.repository.countByApplicationIds(ids, this.branches(context));
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    );
  }

  async connection(
    context: GraphQLContext,
    applicationId: string,
    page: PageRequest,
  ): Promise<ConnectionShape<ActivityItem>> {
    const rows = await this.pages(context, page).load(applicationId);
    return toConnection(
      rows,
      page,
      (row) => ({ key: row.occurredAt.getTime(), id: row.id }),
      (row) => this.activity.source(row.source).toItem(row),
      () => this.counts(context).load(applicationId),
    );
  }
}
