import { UserErrorCode } from '../common/errors/user-error-code';
import { EventType } from '../events/event-types';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { pipelineIsLive } from '../requisitions/requisition.rules';
import { ApplicationStatus, StageKind } from './pipeline.enums';

export interface Refusal {
  code: UserErrorCode;
  message: string;
  field: string[];
}

export interface ApplicationState {
  status: ApplicationStatus;
  stageId: string;
  requisitionId: string;
}

export interface StageState {
  id: string;
  requisitionId: string;
  kind: StageKind;
  removedAt: Date | null;
}

export const refuse = (code: UserErrorCode, message: string, field: string[]): Refusal => ({
  code,
  message,
  field,
});

/**
 * Moving an application: only while it is ACTIVE, only to a live stage of its own requisition, only while the
 * requisition's pipeline is live. Entering the HIRED stage hires. `null` target: no such stage.
 */
export function planMove(
  application: ApplicationState,
  target: StageState | null,
  requisitionStatus: RequisitionStatus,
): { toStatus: ApplicationStatus } | Refusal {
  if (!target || target.removedAt) {
    return refuse(UserErrorCode.NOT_FOUND, 'Stage not found.', ['stageId']);
  }
  if (target.requisitionId !== application.requisitionId) {
    return refuse(
      UserErrorCode.STAGE_NOT_IN_REQUISITION,
      "The stage belongs to another requisition; applications move only between their own requisition's stages.",
      ['stageId'],
    );
  }
  if (application.status !== ApplicationStatus.ACTIVE) {
    return refuse(
      UserErrorCode.APPLICATION_NOT_ACTIVE,
      `The application is ${application.status}; only ACTIVE applications can be moved.`,
      ['id'],
    );
  }
  if (!pipelineIsLive(requisitionStatus)) {
    return refuse(UserErrorCode.REQUISITION_CLOSED, `The requisition is ${requisitionStatus}.`, ['id']);
  }
  return { toStatus: target.kind === StageKind.HIRED ? ApplicationStatus.HIRED : ApplicationStatus.ACTIVE };
}

export type StatusAction = 'reject' | 'withdraw' | 'reopen';

/** Reject and withdraw end an ACTIVE application; reopen puts a rejected or withdrawn one back in its stage. */
export function planStatusChange(
  action: StatusAction,
  application: ApplicationState,
  requisitionStatus: RequisitionStatus,
): { toStatus: ApplicationStatus } | Refusal {
  switch (action) {
    case 'reject':
    case 'withdraw':
      if (application.status !== ApplicationStatus.ACTIVE) {
        return refuse(
          UserErrorCode.APPLICATION_NOT_ACTIVE,
          `The application is ${application.status}; only ACTIVE applications can be ${action === 'reject' ? 'rejected' : 'withdrawn'}.`,
          ['id'],
        );
      }
      return { toStatus: action === 'reject' ? ApplicationStatus.REJECTED : ApplicationStatus.WITHDRAWN };
    case 'reopen':
      if (
        application.status !== ApplicationStatus.REJECTED &&
        application.status !== ApplicationStatus.WITHDRAWN
      ) {
        return refuse(
          UserErrorCode.APPLICATION_NOT_REOPENABLE,
          `The application is ${application.status}; only REJECTED or WITHDRAWN applications can be reopened.`,
          ['id'],
        );
      }
      if (!pipelineIsLive(requisitionStatus)) {
        return refuse(UserErrorCode.REQUISITION_CLOSED, `The requisition is ${requisitionStatus}.`, ['id']);
      }
      return { toStatus: ApplicationStatus.ACTIVE };
  }
}

/** A change of status (hiring included) is announced as such; otherwise it is a change of stage. */
export function transitionEventType(
  fromStatus: ApplicationStatus | null,
  toStatus: ApplicationStatus,
): EventType {
  if (fromStatus === null) return EventType.APPLICATION_CREATED;
  return fromStatus === toStatus ? EventType.APPLICATION_STAGE_CHANGED : EventType.APPLICATION_STATUS_CHANGED;
}

export function isRefusal<T extends object>(result: T | Refusal): result is Refusal {
  return 'code' in result;
}
