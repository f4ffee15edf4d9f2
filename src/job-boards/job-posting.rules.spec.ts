import { UserErrorCode } from '../common/errors/user-error-code';
import { RequisitionStatus, WorkplaceType } from '../requisitions/requisition.enums';
import { JobPostingStatus } from './job-board.enums';
import { postingStatusAfterRequisition, publishRefusal } from './job-posting.rules';

const US = [{ country: 'US' }];

describe('publishRefusal', () => {
  it.each<[RequisitionStatus, WorkplaceType, { country: string }[], UserErrorCode | null]>([
    [RequisitionStatus.OPEN, WorkplaceType.ON_SITE, US, null],
    [RequisitionStatus.OPEN, WorkplaceType.REMOTE, US, null],
    [RequisitionStatus.DRAFT, WorkplaceType.ON_SITE, US, UserErrorCode.REQUISITION_NOT_OPEN],
    [RequisitionStatus.ON_HOLD, WorkplaceType.ON_SITE, US, UserErrorCode.REQUISITION_NOT_OPEN],
    [RequisitionStatus.CLOSED, WorkplaceType.ON_SITE, US, UserErrorCode.REQUISITION_NOT_OPEN],
    [RequisitionStatus.FILLED, WorkplaceType.ON_SITE, US, UserErrorCode.REQUISITION_NOT_OPEN],
    [RequisitionStatus.OPEN, WorkplaceType.HYBRID, [], UserErrorCode.INVALID_INPUT],
    [RequisitionStatus.OPEN, WorkplaceType.REMOTE, [], UserErrorCode.INVALID_INPUT],
  ])('%s %s with %j → %s', (status, workplaceType, locations, expected) => {
    expect(publishRefusal({ status, workplaceType, locations })?.code ?? null).toBe(expected);
  });
});

describe('postingStatusAfterRequisition', () => {
  it.each<[RequisitionStatus, JobPostingStatus | null]>([
    [RequisitionStatus.DRAFT, null],
    [RequisitionStatus.OPEN, null],
    [RequisitionStatus.ON_HOLD, JobPostingStatus.UNPUBLISHED],
    [RequisitionStatus.CLOSED, JobPostingStatus.CLOSED],
    [RequisitionStatus.FILLED, JobPostingStatus.CLOSED],
  ])('%s → %s', (status, expected) => {
    expect(postingStatusAfterRequisition(status)).toBe(expected);
  });
});
