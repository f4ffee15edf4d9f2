import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { CandidateEntity } from './candidate.entity';
import { CandidateSkillRow } from './candidates.repository';
import { CandidatesService } from './candidates.service';
import { NodeRegistry } from '../common/graphql/node-registry';
import { CandidateModel } from './candidate.model';

@Injectable()
export class CandidateLoaders implements OnModuleInit {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Candidate', async (id, context) => {
      const row = await this.byId(context).load(id);
      return row && CandidateModel.from(row);
    });
  }

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

  /** One loader per search term and audience: the highlights of every candidate of a page in one statement. */
  searchHighlights(
    context: GraphQLContext,
    search: string,
    includeResumes: boolean,
  ): DataLoader<string, string[]> {
    return context.loaders.get(
      `candidate.searchHighlights:${includeResumes}:${search}`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const found = indexBy(
            ids,
            await this.candidates.findSearchHighlights(ids, search, includeResumes),
            (row) => row.id,
          );
          return found.map((row) => row?.highlights ?? []);
        }),
    );
  }
}
