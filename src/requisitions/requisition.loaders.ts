import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { widest } from '../identity/access.rules';
import { reachOf } from '../identity/auth.guards';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionSkillRow } from './requisitions.repository';
import { RequisitionsService } from './requisitions.service';
import { NodeRegistry } from '../common/graphql/node-registry';
import { RequisitionModel } from './requisition.model';

/** The request's batched lookups for requisitions; other modules' resolvers use them too. */
@Injectable()
export class RequisitionLoaders implements OnModuleInit {
  constructor(
    private readonly requisitions: RequisitionsService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Requisition', async (id, context) => {
      const row = await this.byId(context).load(id);
      return row && RequisitionModel.from(row);
    });
  }

  byId(context: GraphQLContext): DataLoader<string, RequisitionEntity | null> {
    return context.loaders.get(
      'requisition.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            // The requisition an application is for is part of the application, so candidate reach shows it too.
            await this.requisitions.findByIds(
              ids,
              widest(reachOf(context, 'requisitions:read'), reachOf(context, 'candidates:read')),
            ),
            (r) => r.id,
          ),
        ),
    );
  }

  skills(context: GraphQLContext): DataLoader<string, RequisitionSkillRow[]> {
    return context.loaders.get(
      'requisition.skills',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.requisitions.findSkills(ids), (row) => row.requisitionId),
        ),
    );
  }
}
