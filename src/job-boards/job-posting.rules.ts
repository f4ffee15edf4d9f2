import { UserErrorCode } from '../common/errors/user-error-code';
import { LocationValue } from '../common/location';
import { RequisitionStatus, WorkplaceType } from '../requisitions/requisition.enums';
import { JobPostingStatus } from './job-board.enums';

export interface PublishRefusal {
  code: UserErrorCode;
  message: string;
}

/**
 * Why a requisition cannot be published, or null. Besides being OPEN, it needs what Google for Jobs and Indeed
 * require of a listing: a place (or, for remote roles, the countries applicants may live in).
 */
export function publishRefusal(requisition: {
  status: RequisitionStatus;
  locations: LocationValue[];
  workplaceType: WorkplaceType;
}): PublishRefusal | null {
  if (requisition.status !== RequisitionStatus.OPEN) {
    return {
      code: UserErrorCode.REQUISITION_NOT_OPEN,
      message: `The requisition is ${requisition.status}; only OPEN requisitions can be published.`,
    };
  }
  if (requisition.locations.length === 0) {
    return {
      code: UserErrorCode.INVALID_INPUT,
      message:
        requisition.workplaceType === WorkplaceType.REMOTE
          ? 'A remote requisition needs at least one location (the countries applicants may live in) to be published.'
          : 'The requisition needs at least one location to be published.',
    };
  }
  return null;
}

/** What a posting becomes when its requisition's status changes; null leaves it as it is. */
export function postingStatusAfterRequisition(
  status: RequisitionStatus,
): JobPostingStatus.UNPUBLISHED | JobPostingStatus.CLOSED | null {
  switch (status) {
    case RequisitionStatus.ON_HOLD:
      return JobPostingStatus.UNPUBLISHED;
    case RequisitionStatus.CLOSED:
    case RequisitionStatus.FILLED:
      return JobPostingStatus.CLOSED;
    default:
      return null;
  }
}
