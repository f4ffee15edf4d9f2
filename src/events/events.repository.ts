import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A job to enqueue with every batch of appended events, with the ids of the events (`{ eventIds }`). */
export interface AppendFollowUp {
  job: string;
  priority: number;
}

export interface EventRow {
  type: string;
  aggregateType: string;
  aggregateId: string;
  requisitionId: string | null;
  sequence: number;
  /** The payload as stored (ids already as clients use them). */
  data: Record<string, unknown>;
  actor: string;
}

/** Every statement that writes events. */
@Injectable()
export class EventsRepository {
  /**
   * Writes the events on the caller's transaction and, in the same statement, enqueues each follow-up job with
   * their ids (graphile-worker's `add_job`): both exist exactly when the change committed, at the cost of one round
   * trip while the change's locks are held.
   */
  async appendEvents(manager: EntityManager, rows: EventRow[], followUps: AppendFollowUp[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `WITH written AS (
         INSERT INTO event (transaction_id, type, aggregate_type, aggregate_id, requisition_id, sequence, data, actor)
         SELECT pg_current_xact_id()::text::bigint, *
           FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[], $7::varchar[])
         RETURNING id),
       ids AS (SELECT json_build_object('eventIds', array_agg(id)) AS payload FROM written)
       SELECT graphile_worker.add_job(follow_up.job, ids.payload, priority => follow_up.priority)
         FROM ids, unnest($8::text[], $9::int[]) AS follow_up(job, priority)`,
      [
        rows.map((e) => e.type),
        rows.map((e) => e.aggregateType),
        rows.map((e) => e.aggregateId),
        rows.map((e) => e.requisitionId),
        rows.map((e) => e.sequence),
        rows.map((e) => JSON.stringify(e.data)),
        rows.map((e) => e.actor),
        followUps.map((f) => f.job),
        followUps.map((f) => f.priority),
      ],
    );
  }
}
