import { UserErrorCode } from '../common/errors/user-error-code';
import { StageKind } from './pipeline.enums';
import { refuse, Refusal, StageState } from './pipeline.rules';

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
