import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentRequest } from '../common/current-request';
import { NodeTypeName, toGlobalId } from '../common/graphql/global-id';
import { NewEvent } from './event-types';

/**
 * Events name records by the ids clients use with the API (`node(id:)`), never by database ids. These are the id
 * fields event payloads may carry, with the type each one names.
 */
const ID_FIELDS: Record<string, NodeTypeName> = {
  requisitionId: 'Requisition',
  candidateId: 'Candidate',
  applicationId: 'Application',
  transitionId: 'StageTransition',
  stageId: 'PipelineStage',
  fromStageId: 'PipelineStage',
  toStageId: 'PipelineStage',
  movedApplicationsToStageId: 'PipelineStage',
  stageIds: 'PipelineStage',
  postingId: 'JobPosting',
  boardId: 'JobBoard',
};

export function withApiIds(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      const type = ID_FIELDS[key];
      if (!type || value == null) return [key, value];
      return [
        key,
        Array.isArray(value)
          ? value.map((id: string) => toGlobalId(type, id))
          : toGlobalId(type, value as string),
      ];
    }),
  );
}

/**
 * Fan-out runs before queued delivery attempts (graphile-worker takes lower numbers first): under a backlog of
 * attempts, new events still become deliveries at once, and their attempts queue fairly with the rest.
 */
const FAN_OUT_PRIORITY = -10;

/**
 * Writes events on the caller's transaction, so an event exists exactly when the change it describes committed.
 * Sequences come from the aggregate row (bumped in the same UPDATE/INSERT that changed it, under its row lock),
 * which makes them gap-free per aggregate; the unique constraint on (aggregate, sequence) backs that up.
 */
@Injectable()
export class EventOutbox {
  async append(manager: EntityManager, events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    // One statement writes the events and enqueues the job that fans them out to webhook subscriptions, on the
    // caller's transaction: both exist exactly when the change committed.
    await manager.query(
      `WITH written AS (
         INSERT INTO event (transaction_id, type, aggregate_type, aggregate_id, requisition_id, sequence, data, actor)
         SELECT pg_current_xact_id()::text::bigint, *
           FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[], $7::varchar[])
         RETURNING id)
       SELECT graphile_worker.add_job('webhooks.fan_out', json_build_object('eventIds', array_agg(id)),
                                      priority => ${FAN_OUT_PRIORITY})
         FROM written`,
      [
        events.map((e) => e.type),
        events.map((e) => e.aggregateType),
        events.map((e) => e.aggregateId),
        events.map(requisitionOf),
        events.map((e) => e.sequence),
        events.map((e) => JSON.stringify({ ...withApiIds(e.data), sequence: e.sequence })),
        // Unless the use case says otherwise, the caller of the current request did it.
        events.map((e) => e.actor ?? CurrentRequest.actor()),
      ],
    );
  }
}

/** The requisition an event concerns: the aggregate itself, or the one its payload names. */
function requisitionOf(event: NewEvent): string | null {
  if (event.aggregateType === 'requisition') return event.aggregateId;
  const named = event.data.requisitionId;
  return typeof named === 'string' ? named : null;
}
