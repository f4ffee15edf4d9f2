import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, indexBy } from '../common/graphql/request-context';
import { SkillEntity } from './skill.entity';
import { SkillsService } from './skills.service';

/** Skills are public taxonomy: no reach applies. */
@Injectable()
export class SkillLoaders {
  constructor(private readonly skills: SkillsService) {}

  byId(context: GraphQLContext): DataLoader<string, SkillEntity | null> {
    return context.loaders.get(
      'skill.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.skills.findByIds(ids), (s) => s.id),
        ),
    );
  }
}
