import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';

/**
 * Each live graphile-worker worker reports here several times per WORKER_DEAD_AFTER_SECONDS. A job locked by a
 * worker that stopped reporting belonged to a process that died: it is released so another worker runs it again,
 * instead of waiting out graphile-worker's four-hour lock timeout.
 */
@Entity('worker_heartbeat')
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  workerId!: string;

  /** host:pid of the process, for operators. */
  @Column({ type: 'varchar', length: 200 })
  process!: string;

  @Column(timestampColumn())
  beatAt!: Date;
}
