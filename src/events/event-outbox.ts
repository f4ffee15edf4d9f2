import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentRequest } from '../common/current-request';
import { NodeTypeName, toGlobalId } from '../common/graphql/global-id';
import { JobName, JobPayloads } from '../jobs/job-queue';
import { EventType, NewEvent } from './event-types';
import { AppendFollowUp, EventsRepository } from './events.repository';

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
  noteId: 'Note',
  authorId: 'User',
  mentionedUserIds: 'User',
  newlyMentionedUserIds: 'User',
  interviewId: 'Interview',
  scorecardId: 'Scorecard',
  interviewerIds: 'User',
  reasonId: 'RejectionReason',
  offerId: 'Offer',
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
 * Writes events on the caller's transaction, so an event exists exactly when the change it describes committed.
 * Sequences come from the aggregate row (bumped in the same UPDATE/INSERT that changed it, under its row lock),
 * which makes them gap-free per aggregate; the unique constraint on (aggregate, sequence) backs that up.
 *
 * Modules that act on events (webhooks) register a follow-up job at start-up; it is enqueued with every batch,
 * in the same statement, so the outbox needs to know nothing about them.
 */
@Injectable()
export class EventOutbox {
  private readonly followUps: (AppendFollowUp & { types: ReadonlySet<string> | null })[] = [];

  constructor(private readonly events: EventsRepository) {}

  /** Erasure: the free-text `reason` of the aggregates' events becomes `marker` (see the repository). */
  eraseReasonsAbout(manager: EntityManager, aggregateIds: readonly string[], marker: string): Promise<void> {
    return this.events.anonymiseReasonsAbout(manager, aggregateIds, marker);
  }

  /**
   * Enqueues `job` with `{ eventIds }` whenever events are appended (graphile-worker runs lower priorities first);
   * with `types`, only for batches holding an event of one of those types (the job still gets every event id).
   */
  registerFollowUp<N extends JobName>(
    job: N & keyof FollowUpJobs<N>,
    options: { priority: number; types?: readonly EventType[] },
  ): void {
    this.followUps.push({
      job,
      priority: options.priority,
      types: options.types ? new Set<string>(options.types) : null,
    });
  }

  async append(manager: EntityManager, events: NewEvent[]): Promise<void> {
    await this.events.appendEvents(
      manager,
      events.map((e) => ({
        type: e.type,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        requisitionId: requisitionOf(e),
        sequence: e.sequence,
        data: { ...withApiIds(e.data), sequence: e.sequence },
        // Unless the use case says otherwise, the caller of the current request did it.
        actor: e.actor ?? CurrentRequest.actor(),
      })),
      this.followUps
        .filter((f) => f.types === null || events.some((e) => f.types!.has(e.type)))
        .map(({ job, priority }) => ({ job, priority })),
    );
  }
}

/** Jobs whose payload is the appended events' ids. */
type FollowUpJobs<N extends JobName> = JobPayloads[N] extends { eventIds: string[] }
  ? Record<N, true>
  : never;

/** The requisition an event concerns: the aggregate itself, or the one its payload names. */
function requisitionOf(event: NewEvent): string | null {
  if (event.aggregateType === 'requisition') return event.aggregateId;
  const named = event.data.requisitionId;
  return typeof named === 'string' ? named : null;
}
