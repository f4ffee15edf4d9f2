import { Args, Query, Resolver } from '@nestjs/graphql';
import { SkillModel } from './skill.model';
import { SkillsService } from './skills.service';
import { SkillSearchArgs } from './dto/skill-search.args';

@Resolver(() => SkillModel)
export class SkillsResolver {
  constructor(private readonly service: SkillsService) {}

  @Query(() => [SkillModel], {
    description: 'Skills of the taxonomy matching `search` by name or alias (50 at most).',
  })
  async skills(@Args() args: SkillSearchArgs): Promise<SkillModel[]> {
    return (await this.service.search(args.search)).map(SkillModel.from);
  }
}
