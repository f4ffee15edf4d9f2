import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CandidateEntity } from '../candidates/candidate.entity';
import { timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';
import { ApplicationEntity } from '../pipeline/application.entity';
import { NOTE_BODY_MAX } from './note.rules';

/**
 * A note about a candidate, or about one of their applications (then `application_id` is set and `candidate_id` is
 * that application's candidate, so a candidate's notes are one index range). Markdown, 1–10,000 characters.
 */
@Entity('note')
@Check('note_body_length', `char_length("body") BETWEEN 1 AND ${NOTE_BODY_MAX}`)
@Index('note_candidate_created_at', ['candidateId', 'createdAt', 'id'])
@Index('note_application_created_at', ['applicationId', 'createdAt', 'id'], {
  where: '"application_id" IS NOT NULL',
})
export class NoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { name: 'note_candidate_fk', onDelete: 'CASCADE' })
  candidateId!: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => ApplicationEntity, { name: 'note_application_fk', onDelete: 'CASCADE' })
  applicationId!: string | null;

  /** The user who wrote it; null when an integration (API key) did. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'note_author_fk' })
  authorId!: string | null;

  /** Who wrote it, as history records actors (`user:<uuid>`, `api_key:<uuid>`): only they may edit it. */
  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'integer', default: 1 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}

/** A user a note mentions, in the order the author wrote them. */
@Entity('note_mention')
@Check('note_mention_position_positive', `"position" >= 1`)
@Index('note_mention_user', ['userId', 'noteId'])
export class NoteMentionEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => NoteEntity, { name: 'note_mention_note_fk', onDelete: 'CASCADE' })
  noteId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => UserEntity, { name: 'note_mention_user_fk' })
  userId!: string;

  @Column({ type: 'integer' })
  position!: number;
}
