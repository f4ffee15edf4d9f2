import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { NodeRegistry } from '../common/graphql/node-registry';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { UserEntity } from '../identity/user.entity';
import { UsersService } from '../identity/users.service';
import { OfferApprovalEntity } from './offer-approval.entity';
import { OfferEntity } from './offer.entity';
import { OfferModel } from './offer.model';
import { OffersService } from './offers.service';

/**
 * Batched lookups for offers, always within the caller's `offers:read` reach: to an interviewer every offer
 * loads as null, exactly like one that does not exist.
 */
@Injectable()
export class OfferLoaders implements OnModuleInit {
  constructor(
    private readonly offers: OffersService,
    private readonly users: UsersService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Offer', async (id, context) => {
      const row = await this.offerById(context).load(id);
      return row && OfferModel.from(row);
    });
  }

  offerById(context: GraphQLContext): DataLoader<string, OfferEntity | null> {
    return context.loaders.get(
      'offer.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const reach = reachOf(context, 'offers:read');
          if (reach.kind === 'none') return ids.map(() => null);
          return indexBy(ids, await this.offers.findByIds(ids, reach), (o) => o.id);
        }),
    );
  }

  /** Null per application for a caller who may not read offers (not even an empty list). */
  offersByApplication(context: GraphQLContext): DataLoader<string, OfferEntity[] | null> {
    return context.loaders.get(
      'offer.byApplication',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const reach = reachOf(context, 'offers:read');
          if (reach.kind === 'none') return ids.map(() => null);
          return groupBy(ids, await this.offers.findByApplicationIds(ids, reach), (o) => o.applicationId);
        }),
    );
  }

  /** The chains of offers already loaded within reach. */
  approvalsByOffer(context: GraphQLContext): DataLoader<string, OfferApprovalEntity[]> {
    return context.loaders.get(
      'offer.approvals',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.offers.findApprovals(ids), (a) => a.offerId),
        ),
    );
  }

  userById(context: GraphQLContext): DataLoader<string, UserEntity | null> {
    return context.loaders.get(
      'offer.user',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.users.findByIds(ids), (u) => u.id),
        ),
    );
  }
}
