import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { widest } from '../identity/access.rules';
import { reachOf } from '../identity/auth.guards';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionSkillRow } from './requisitions.repository';
import { RequisitionsService } from './requisitions.service';

/** The request's batched lookups for requisitions; other modules' resolvers use them too. */
@Injectable()
export class RequisitionLoaders {
  constructor(private readonly requisitions: RequisitionsService) {}

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
