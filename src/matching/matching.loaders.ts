import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext } from '../common/graphql/request-context';
import { MatchResult } from './match.rules';
import { MatchingService } from './matching.service';

/** Batched reads of matches: the applications of a page ask for theirs in one statement. */
@Injectable()
export class MatchingLoaders {
  constructor(private readonly service: MatchingService) {}

  /** The stored match of each application (the application itself was read within the caller's reach). */
  byApplication(context: GraphQLContext): DataLoader<string, MatchResult | null> {
    return context.loaders.get(
      'match.byApplication',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const matches = await this.service.matchesOf(ids);
          return ids.map((id) => matches.get(id) ?? null);
        }),
    );
  }
}
