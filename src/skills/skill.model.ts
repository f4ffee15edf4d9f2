import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Node } from '../common/graphql/node.interface';
import { toGlobalId } from '../common/graphql/global-id';
import { SkillCategory } from './skill-category';
import { SkillEntity } from './skill.entity';

registerEnumType(SkillCategory, { name: 'SkillCategory' });

@ObjectType('Skill', { implements: () => [Node], description: 'A canonical skill in the taxonomy.' })
export class SkillModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => SkillCategory)
  category!: SkillCategory;

  @Field(() => [String], { description: 'Other spellings that normalise to this skill, lower case.' })
  aliases!: string[];

  static from(this: void, entity: SkillEntity): SkillModel {
    return Object.assign(new SkillModel(), {
      id: toGlobalId('Skill', entity.id),
      name: entity.name,
      category: entity.category,
      aliases: entity.aliases,
    });
  }
}
