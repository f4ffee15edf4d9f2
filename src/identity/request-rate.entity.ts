import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';

/**
 * Requests per caller ("default:user:<uuid>", "default:ip:<address>") in the current fixed window, when
 * RATE_LIMIT_STORE=postgres: one row per caller, one upsert per request, shared by every API process. UNLOGGED
 * (written by hand in the migration): counters need no crash safety or replication, and skipping the WAL keeps
 * the upsert cheap. After a server crash the table is empty, which only forgives the running minute.
 */
@Entity('request_rate')
@Check('request_rate_hits_positive', `"hits" > 0`)
export class RequestRateEntity {
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key!: string;

  @Column(timestampColumn())
  windowStartedAt!: Date;

  @Column({ type: 'integer' })
  hits!: number;
}
