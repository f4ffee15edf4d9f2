import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { CandidateEntity } from './candidate.entity';
import { CandidateSkillRow } from './candidates.repository';
import { CandidatesService } from './candidates.service';

@Injectable()
export class CandidateLoaders {
  constructor(private readonly candidates: CandidatesService) {}

  byId(context: GraphQLContext): DataLoader<string, CandidateEntity | null> {
    return context.loaders.get(
      'candidate.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(
            ids,
            await this.candidates.findByIds(ids, undefined, reachOf(context, 'candidates:read')),
            (c) => c.id,
          ),
        ),
    );
  }

  skills(context: GraphQLContext): DataLoader<string, CandidateSkillRow[]> {
    return context.loaders.get(
      'candidate.skills',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.candidates.findSkills(ids), (row) => row.candidateId),
        ),
    );
  }
}
