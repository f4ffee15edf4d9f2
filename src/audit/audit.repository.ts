import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { keysetSql, namedBinder, PageRequest } from '../common/graphql/keyset';
import { AuditEntryListFilter } from './audit.commands';
import { AuditEntryEntity } from './audit-entry.entity';

/** What an erasure leaves of each change's values (the append-only trigger accepts exactly this). */
const ERASED_CHANGE = `'{"before": "[erased]", "after": "[erased]"}'::jsonb`;

/** An entry as appended: everything but what the database fills in (id, time). */
export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'occurredAt'>;

/**
 * Every statement about the audit log. It appends and reads, and redacts for an erasure: a trigger refuses DELETE
 * and TRUNCATE, and every UPDATE but a redaction, whatever the application does.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure's one way into the append-only log (migration CandidateErasure): every entry about one of `subjectIds`
   * keeps its keys but each change's values become the erased marker, and its IP goes. The trigger allows exactly
   * that, and only while this transaction has `requisite.audit_redaction` on — set here and off again at once.
   * Returns how many entries were redacted.
   */
  async redactAbout(manager: EntityManager, subjectIds: readonly string[]): Promise<number> {
    await manager.query(`SELECT set_config('requisite.audit_redaction', 'on', true)`);
    try {
      const rows = await manager.query<{ id: string }[]>(
        `WITH changed AS (
           UPDATE audit_entry SET ip = NULL, changes = (
             SELECT coalesce(jsonb_object_agg(key, ${ERASED_CHANGE}), '{}'::jsonb) FROM jsonb_object_keys(changes) key)
           WHERE subject_ids && $1::uuid[] AND jsonb_typeof(changes) = 'object'
             AND (ip IS NOT NULL OR EXISTS (
               SELECT 1 FROM jsonb_each(changes) c WHERE c.value <> ${ERASED_CHANGE}))
           RETURNING id)
         SELECT id FROM changed`,
        [[...subjectIds]],
      );
      return rows.length;
    } finally {
      await manager.query(`SELECT set_config('requisite.audit_redaction', 'off', true)`);
    }
  }

  /** On `manager`'s transaction, so the entry commits with the change it describes. */
  /** One plain statement: every mutation appends one, and TypeORM's insert builder is CPU it does not need. */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_entry (actor, actor_id, action, subject_type, subject_ids, changes, request_id, ip)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6::jsonb, $7, $8)`,
      [
        entry.actor,
        entry.actorId,
        entry.action,
        entry.subjectType,
        entry.subjectIds,
        JSON.stringify(entry.changes),
        entry.requestId,
        entry.ip,
      ],
    );
  }

  /** A keyset page, newest first (see keysetSql): `limit + 1` rows. */
  findPage(filter: AuditEntryListFilter | null | undefined, page: PageRequest): Promise<AuditEntryEntity[]> {
    const params: Record<string, unknown> = {};
    const keyset = keysetSql(page, 'e.occurred_at', 'e.id', namedBinder(params));
    return this.filtered(filter)
      .andWhere(keyset.where, params)
      .orderBy('e.occurred_at', keyset.direction)
      .addOrderBy('e.id', keyset.direction)
      .limit(keyset.limit)
      .getMany();
  }

  count(filter: AuditEntryListFilter | null | undefined): Promise<number> {
    return this.filtered(filter).getCount();
  }

  findByIds(ids: readonly string[]): Promise<AuditEntryEntity[]> {
    return this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  private filtered(filter: AuditEntryListFilter | null | undefined): SelectQueryBuilder<AuditEntryEntity> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    if (filter?.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter?.actor) qb.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter?.since) qb.andWhere('e.occurred_at >= :since', { since: filter.since });
    return qb;
  }

  /**
   * The audit entries about any of `subjectIds` (a person's candidate, application, note, interview… ids), oldest
   * first, on the caller's transaction: their data export. Uses the GIN index on subject_ids (`&&`).
   */
  findAboutSubjects(manager: EntityManager, subjectIds: readonly string[]): Promise<AuditEntryEntity[]> {
    return manager
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.subject_ids && :ids::uuid[]', { ids: [...subjectIds] })
      .orderBy('e.occurred_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }
}
