import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { SkillCategory } from './skill-category';
import { TaxonomySkill } from './skill-recognition.rules';
import { SkillEntity } from './skill.entity';

/** Every statement about the skill taxonomy. */
@Injectable()
export class SkillsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Plain SQL: every board and candidate read ends here, and TypeORM's query builder cost more than the query. */
  async findByIds(ids: readonly string[]): Promise<SkillEntity[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM skill WHERE id = ANY($1::uuid[])',
      [[...ids]],
    );
    return rowsToEntities(this.dataSource.manager, SkillEntity, rows);
  }

  /** Skills whose name or an alias contains `term` (already normalised), best matches first. */
  searchByNameOrAlias(term: string | null, limit: number): Promise<SkillEntity[]> {
    const qb = this.dataSource.getRepository(SkillEntity).createQueryBuilder('s');
    if (term) {
      qb.where(
        `s.normalized_name LIKE :pattern OR EXISTS (SELECT 1 FROM unnest(s.aliases) a WHERE a LIKE :pattern)`,
        { pattern: `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      )
        .orderBy(`(s.normalized_name = :term OR :term = ANY(s.aliases))`, 'DESC')
        .addOrderBy(`(s.normalized_name LIKE :prefix)`, 'DESC')
        .setParameters({ term, prefix: `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    return qb.addOrderBy('s.normalized_name', 'ASC').limit(limit).getMany();
  }

  /** Every skill's name and spellings (for recognising skills in free text), in name order. */
  findTaxonomy(manager: EntityManager): Promise<TaxonomySkill[]> {
    return manager.getRepository(SkillEntity).find({
      select: { id: true, name: true, normalizedName: true, aliases: true },
      order: { normalizedName: 'ASC' },
    });
  }

  /** Skills whose normalised name or one of whose aliases is among `keys`. */
  findByNamesOrAliases(manager: EntityManager, keys: string[]): Promise<SkillEntity[]> {
    return manager
      .getRepository(SkillEntity)
      .createQueryBuilder('s')
      .where('s.normalized_name = ANY(:keys) OR s.aliases && :keys::text[]', { keys })
      .getMany();
  }

  /** Adds skills nobody has named before; a concurrent insert of the same name is not an error. */
  async insertUnknown(manager: EntityManager, skills: { name: string; key: string }[]): Promise<void> {
    if (skills.length === 0) return;
    await manager.query(
      `INSERT INTO skill (name, normalized_name, category)
       SELECT name, key, $3 FROM unnest($1::varchar[], $2::varchar[]) AS t(name, key)
       ON CONFLICT (normalized_name) DO NOTHING`,
      [skills.map((s) => s.name), skills.map((s) => s.key), SkillCategory.OTHER],
    );
  }
}
