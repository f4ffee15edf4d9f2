import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { NodeRegistry } from '../common/graphql/node-registry';
import { GraphQLContext, indexBy } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { EventFeed } from './event-feed';
import { EventEntity } from './event.entity';
import { EventModel } from './event.model';

/** The request's batched lookups of events, and how `node(id)` refetches one. */
@Injectable()
export class EventLoaders implements OnModuleInit {
  constructor(
    private readonly feed: EventFeed,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // An event is part of the feed, which is read whole or not at all: without `events:read` it does not exist.
    this.nodes.register('Event', async (id, context) => {
      if (reachOf(context, 'events:read').kind !== 'all') return null;
      const row = await this.byId(context).load(id);
      return row && EventModel.from(row);
    });
  }

  byId(context: GraphQLContext): DataLoader<string, EventEntity | null> {
    return context.loaders.get(
      'event.node',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.feed.findByIds(ids), (e) => e.id),
        ),
    );
  }
}
