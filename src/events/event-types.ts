/** Every event type the outbox carries; documented with payload examples in docs/events.md. */
export enum EventType {
  REQUISITION_CREATED = 'requisition.created',
  REQUISITION_UPDATED = 'requisition.updated',
  REQUISITION_STATUS_CHANGED = 'requisition.status_changed',
  PIPELINE_STAGE_ADDED = 'pipeline_stage.added',
  PIPELINE_STAGE_UPDATED = 'pipeline_stage.updated',
  PIPELINE_STAGES_REORDERED = 'pipeline_stage.reordered',
  PIPELINE_STAGE_REMOVED = 'pipeline_stage.removed',
  CANDIDATE_CREATED = 'candidate.created',
  CANDIDATE_UPDATED = 'candidate.updated',
  /** The candidate's personal data was erased (docs/privacy.md): integrators erase their copies. */
  CANDIDATE_ERASED = 'candidate.erased',
  APPLICATION_CREATED = 'application.created',
  APPLICATION_STAGE_CHANGED = 'application.stage_changed',
  APPLICATION_STATUS_CHANGED = 'application.status_changed',
  JOB_POSTING_PUBLISHED = 'job_posting.published',
  JOB_POSTING_UNPUBLISHED = 'job_posting.unpublished',
  JOB_POSTING_CLOSED = 'job_posting.closed',
  NOTE_CREATED = 'note.created',
  NOTE_UPDATED = 'note.updated',
  NOTE_DELETED = 'note.deleted',
  INTERVIEW_SCHEDULED = 'interview.scheduled',
  INTERVIEW_RESCHEDULED = 'interview.rescheduled',
  INTERVIEW_CANCELLED = 'interview.cancelled',
  SCORECARD_SUBMITTED = 'scorecard.submitted',
  OFFER_CREATED = 'offer.created',
  OFFER_APPROVED = 'offer.approved',
  OFFER_SENT = 'offer.sent',
  OFFER_ACCEPTED = 'offer.accepted',
  OFFER_DECLINED = 'offer.declined',
  OFFER_RESCINDED = 'offer.rescinded',
  OFFER_EXPIRED = 'offer.expired',
}

export type AggregateType =
  'requisition' | 'candidate' | 'application' | 'job_posting' | 'note' | 'interview' | 'scorecard' | 'offer';

export interface NewEvent {
  type: EventType;
  aggregateType: AggregateType;
  aggregateId: string;
  /** The aggregate's event sequence after this event, as bumped on the aggregate row in the same transaction. */
  sequence: number;
  /** Ids and changed fields only: never e-mail, phone or resume text. */
  data: Record<string, unknown>;
  actor?: string | null;
}
