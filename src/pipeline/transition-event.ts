import { NewEvent } from '../events/event-types';
import { ApplicationStatus } from './pipeline.enums';
import { transitionEventType } from './pipeline.rules';

export interface TransitionFacts {
  applicationId: string;
  candidateId: string;
  requisitionId: string;
  /** The application's event sequence after the change (also the history entry's sequence). */
  sequence: number;
  fromStageId: string | null;
  toStageId: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  reason: string | null;
  /** The structured rejection or withdrawal reason, when one was given. */
  reasonId?: string | null;
  transitionId: string;
  actor: string;
}

/** The one shape of the event that accompanies every history entry of an application. */
export function transitionEvent(facts: TransitionFacts): NewEvent {
  return {
    type: transitionEventType(facts.fromStatus, facts.toStatus),
    aggregateType: 'application',
    aggregateId: facts.applicationId,
    sequence: facts.sequence,
    actor: facts.actor,
    data: {
      applicationId: facts.applicationId,
      candidateId: facts.candidateId,
      requisitionId: facts.requisitionId,
      fromStageId: facts.fromStageId,
      toStageId: facts.toStageId,
      fromStatus: facts.fromStatus,
      toStatus: facts.toStatus,
      reason: facts.reason,
      ...(facts.reasonId ? { reasonId: facts.reasonId } : {}),
      transitionId: facts.transitionId,
    },
  };
}
