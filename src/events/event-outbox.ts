import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NewEvent } from './event-types';

/**
 * Writes events on the caller's transaction, so an event exists exactly when the change it describes committed.
 * Sequences come from the aggregate row (bumped in the same UPDATE/INSERT that changed it, under its row lock),
 * which makes them gap-free per aggregate; the unique constraint on (aggregate, sequence) backs that up.
 */
@Injectable()
export class EventOutbox {
  async append(manager: EntityManager, events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO event (type, aggregate_type, aggregate_id, sequence, data, actor)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::int[], $5::jsonb[], $6::varchar[])`,
      [
        events.map((e) => e.type),
        events.map((e) => e.aggregateType),
        events.map((e) => e.aggregateId),
        events.map((e) => e.sequence),
        events.map((e) => JSON.stringify({ ...e.data, sequence: e.sequence })),
        events.map((e) => e.actor ?? null),
      ],
    );
  }
}
