import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { SkillEntity } from './skill.entity';
import { TaxonomySkill } from './skill-recognition.rules';
import { displaySkillName, normalizeSkillName } from './skill.rules';
import { SkillsRepository } from './skills.repository';

@Injectable()
export class SkillsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly skills: SkillsRepository,
  ) {}

  search(term: string | null | undefined): Promise<SkillEntity[]> {
    const normalized = term ? normalizeSkillName(term) : null;
    return this.skills.searchByNameOrAlias(normalized || null, 50);
  }

  findByIds(ids: readonly string[]): Promise<SkillEntity[]> {
    return this.skills.findByIds(ids);
  }

  /** Every skill's name and spellings, for recognising skills in free text (`recognizeSkills`). */
  taxonomy(manager: EntityManager = this.dataSource.manager): Promise<TaxonomySkill[]> {
    return this.skills.findTaxonomy(manager);
  }

  /** Taxonomy skills for names as people type them, without adding any: null for a name nobody has. */
  async lookupNames(names: string[]): Promise<(SkillEntity | null)[]> {
    const byKey = indexByNameAndAlias(
      await this.skills.findByNamesOrAliases(this.dataSource.manager, [
        ...new Set(names.map(normalizeSkillName)),
      ]),
    );
    return names.map((name) => byKey.get(normalizeSkillName(name)) ?? null);
  }

  /**
   * Maps names as people type them ("torch", " PyTorch") to taxonomy skills, adding names the taxonomy does not
   * know with category OTHER. Runs on the caller's transaction. Returns one skill per input, in input order.
   */
  async resolveNames(manager: EntityManager, names: string[]): Promise<SkillEntity[]> {
    const keys = [...new Set(names.map(normalizeSkillName))];
    if (keys.length === 0) return [];
    let byKey = indexByNameAndAlias(await this.skills.findByNamesOrAliases(manager, keys));
    const unknown = keys.filter((key) => !byKey.has(key));
    if (unknown.length > 0) {
      const firstSpelling = new Map<string, string>();
      for (const name of names) {
        const key = normalizeSkillName(name);
        if (!firstSpelling.has(key)) firstSpelling.set(key, displaySkillName(name));
      }
      await this.skills.insertUnknown(
        manager,
        unknown.map((key) => ({ key, name: firstSpelling.get(key) ?? key })),
      );
      byKey = indexByNameAndAlias(await this.skills.findByNamesOrAliases(manager, keys));
    }
    return names.map((name) => {
      const skill = byKey.get(normalizeSkillName(name));
      if (!skill) throw new Error(`skill "${name}" could not be resolved`);
      return skill;
    });
  }

  /**
   * Like `resolveNames`, and refuses a list that names one skill twice under different spellings ("torch",
   * "PyTorch"); `field` is the domain path of the list (`['skills']`), for the refusal.
   */
  async resolveDistinctNames(
    manager: EntityManager,
    names: string[],
    field: string[],
  ): Promise<SkillEntity[]> {
    const resolved = await this.resolveNames(manager, names);
    const firstName = new Map<string, string>();
    resolved.forEach((skill, i) => {
      const earlier = firstName.get(skill.id);
      if (earlier !== undefined) {
        throw DomainError.invalid(
          [...field, String(i), 'name'],
          `"${names[i]}" and "${earlier}" are the same skill (${skill.name}).`,
        );
      }
      firstName.set(skill.id, names[i]);
    });
    return resolved;
  }
}

function indexByNameAndAlias(found: SkillEntity[]): Map<string, SkillEntity> {
  const byKey = new Map<string, SkillEntity>();
  for (const skill of found) byKey.set(skill.normalizedName, skill);
  // A canonical name wins over another skill's alias of the same spelling.
  for (const skill of found)
    for (const alias of skill.aliases) if (!byKey.has(alias)) byKey.set(alias, skill);
  return byKey;
}
