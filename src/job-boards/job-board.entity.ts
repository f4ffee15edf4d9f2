import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { JobBoardKind } from './job-board.enums';

/** A place where requisitions are advertised (Indeed, LinkedIn, the career page) and from which applications come. */
@Entity('job_board')
@Check('job_board_kind_valid', checkIn('kind', Object.values(JobBoardKind)))
@Check('job_board_slug_format', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Unique('job_board_slug_unique', ['slug'])
@Index('job_board_created_at_id', ['createdAt', 'id'])
export class JobBoardEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** In the board's public URLs (/v1/boards/:slug/…). */
  @Column({ type: 'varchar', length: 60 })
  slug!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: JobBoardKind;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * The `whsec_` secret the board signs what it pushes to us with. Kept as is (not hashed): verifying an HMAC
   * needs the key itself. Never leaves the service except in the payload of the mutation that made it.
   */
  @Column({ type: 'varchar', length: 100 })
  signingSecret!: string;

  @Column(timestampColumn({ nullable: true }))
  lastFeedFetchAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastFeedUserAgent!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
