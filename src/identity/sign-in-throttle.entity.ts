import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';

/**
 * Failed sign-in attempts per key ("email:<address>" or "ip:<address>") in the current window. Kept in
 * PostgreSQL so the limit holds across every API process.
 */
@Entity('sign_in_throttle')
export class SignInThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key!: string;

  @Column(timestampColumn())
  windowStartedAt!: Date;

  @Column({ type: 'integer' })
  failures!: number;
}
