import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, indexBy } from '../common/graphql/request-context';
import { SkillEntity } from './skill.entity';
import { SkillsService } from './skills.service';
import { NodeRegistry } from '../common/graphql/node-registry';
import { SkillModel } from './skill.model';

/** Skills are public taxonomy: no reach applies. */
@Injectable()
export class SkillLoaders implements OnModuleInit {
  constructor(
    private readonly skills: SkillsService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // Batched like the other types, so `nodes(ids:)` costs one statement for any number of skills.
    this.nodes.register('Skill', async (id, context) => {
      const row = await this.byId(context).load(id);
      return row && SkillModel.from(row);
    });
  }

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
