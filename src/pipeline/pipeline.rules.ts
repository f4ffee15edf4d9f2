import { UserErrorCode } from '../common/errors/user-error-code';
import { EventType } from '../events/event-types';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { pipelineIsLive } from '../requisitions/requisition.rules';
import { ApplicationStatus, StageKind } from './pipeline.enums';

/** The pipeline every new requisition starts with; hiring teams rename, add, reorder and remove from here. */
export const DEFAULT_STAGE_TEMPLATE: readonly { name: string; kind: StageKind }[] = [
  { name: 'Applied', kind: StageKind.APPLIED },
  { name: 'Recruiter screen', kind: StageKind.SCREEN },
  { name: 'Technical screen', kind: StageKind.TECHNICAL },
  { name: 'ML system design', kind: StageKind.TECHNICAL },
  { name: 'Onsite', kind: StageKind.ONSITE },
  { name: 'Offer', kind: StageKind.OFFER },
  { name: 'Hired', kind: StageKind.HIRED },
];

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

const refuse = (code: UserErrorCode, message: string, field: string[]): Refusal => ({ code, message, field });

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

export interface RemovalFacts {
  stage: StageState;
  liveStageCount: number;
  applicationsInStage: number;
  target: StageState | null | undefined;
}

/**
 * A stage can be removed unless it is the HIRED stage or the last one; one that holds applications needs a
 * target stage of the same requisition (not HIRED: that would hire everyone in it) to move them to.
 */
export function checkStageRemoval(facts: RemovalFacts): Refusal | null {
  const { stage, liveStageCount, applicationsInStage, target } = facts;
  if (stage.kind === StageKind.HIRED) {
    return refuse(UserErrorCode.STAGE_NOT_REMOVABLE, 'The HIRED stage cannot be removed.', ['id']);
  }
  if (liveStageCount <= 1) {
    return refuse(UserErrorCode.STAGE_NOT_REMOVABLE, 'The last stage cannot be removed.', ['id']);
  }
  if (target === undefined) {
    return applicationsInStage > 0
      ? refuse(
          UserErrorCode.STAGE_NOT_EMPTY,
          `The stage holds ${applicationsInStage} application(s); name a stage to move them to.`,
          ['moveApplicationsToStageId'],
        )
      : null;
  }
  const field = ['moveApplicationsToStageId'];
  if (!target || target.removedAt) return refuse(UserErrorCode.NOT_FOUND, 'Target stage not found.', field);
  if (target.requisitionId !== stage.requisitionId) {
    return refuse(
      UserErrorCode.STAGE_NOT_IN_REQUISITION,
      'The target stage belongs to another requisition.',
      field,
    );
  }
  if (target.id === stage.id)
    return refuse(UserErrorCode.INVALID_INPUT, 'The target is the stage being removed.', field);
  if (target.kind === StageKind.HIRED) {
    return refuse(
      UserErrorCode.INVALID_INPUT,
      'Applications cannot be moved into the HIRED stage in bulk.',
      field,
    );
  }
  return null;
}

/** A reorder must list every live stage of the requisition exactly once. */
export function checkReorder(liveStageIds: string[], requested: string[]): Refusal | null {
  const field = ['stageIds'];
  if (new Set(requested).size !== requested.length) {
    return refuse(UserErrorCode.INVALID_INPUT, 'A stage is listed more than once.', field);
  }
  const live = new Set(liveStageIds);
  if (requested.length !== live.size || requested.some((id) => !live.has(id))) {
    return refuse(
      UserErrorCode.INVALID_INPUT,
      "List every one of the requisition's stages, each once.",
      field,
    );
  }
  return null;
}

/** Where a new stage goes when no position is given: just before the HIRED stage, else at the end. */
export function defaultInsertPosition(stages: { kind: StageKind; position: number }[]): number {
  const hired = stages.find((s) => s.kind === StageKind.HIRED);
  return hired ? hired.position : stages.length;
}
