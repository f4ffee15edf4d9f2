import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';

/** Append-only record of every mutation and sign-in: who, what, on which records, what changed, from where. */
@Entity('audit_entry')
@Index('audit_entry_occurred_at_id', ['occurredAt', 'id'])
@Index('audit_entry_actor', ['actorId', 'occurredAt'])
// GIN on subject_ids (migration AuditSubjectIndex): the entries about a person (`&&`), for their export and erasure.
@Index('audit_entry_subject_ids_gin', { synchronize: false })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** "user:<id>", "api_key:<id>", "system" or "anonymous" (failed sign-ins). */
  @Column({ type: 'varchar', length: 80 })
  actor!: string;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** Verb-first, e.g. "moveApplication", "signIn", "signInFailed". */
  @Column({ type: 'varchar', length: 80 })
  action!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  subjectType!: string | null;

  @Column({ type: 'uuid', array: true, default: '{}' })
  subjectIds!: string[];

  /** { field: { before, after } } without secrets. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  changes!: Record<string, { before: unknown; after: unknown }>;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  occurredAt!: Date;
}
