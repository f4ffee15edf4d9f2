import { UserErrorDetail } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { RequisitionStatus } from './requisition.enums';

export type StatusAction = 'open' | 'hold' | 'close';

export interface StatusCounts {
  headcount: number;
  hiredCount: number;
}

/**
 * DRAFT → OPEN ⇄ ON_HOLD → CLOSED; FILLED is reached only automatically (see `statusAfterHire`) and can be
 * reopened once headcount has been raised above the hires. CLOSED is final.
 */
export function nextStatus(
  current: RequisitionStatus,
  action: StatusAction,
  counts: StatusCounts,
): { status: RequisitionStatus } | { error: string } {
  const refuse = (why: string) => ({ error: `Cannot ${action} a requisition that is ${current}: ${why}` });
  switch (action) {
    case 'open':
      if (current === RequisitionStatus.DRAFT || current === RequisitionStatus.ON_HOLD) {
        return { status: RequisitionStatus.OPEN };
      }
      if (current === RequisitionStatus.FILLED) {
        return counts.hiredCount < counts.headcount
          ? { status: RequisitionStatus.OPEN }
          : refuse('raise the headcount above the number hired first.');
      }
      return refuse(
        current === RequisitionStatus.OPEN ? 'it is open already.' : 'closed requisitions stay closed.',
      );
    case 'hold':
      return current === RequisitionStatus.OPEN
        ? { status: RequisitionStatus.ON_HOLD }
        : refuse('only OPEN requisitions can be put on hold.');
    case 'close':
      return current === RequisitionStatus.CLOSED
        ? refuse('it is closed already.')
        : { status: RequisitionStatus.CLOSED };
  }
}

/** After one more hire: FILLED once hires reach headcount, otherwise unchanged. */
export function statusAfterHire(current: RequisitionStatus, counts: StatusCounts): RequisitionStatus {
  const filled = counts.hiredCount >= counts.headcount;
  return filled && (current === RequisitionStatus.OPEN || current === RequisitionStatus.ON_HOLD)
    ? RequisitionStatus.FILLED
    : current;
}

export function acceptsApplications(status: RequisitionStatus): boolean {
  return status === RequisitionStatus.OPEN;
}

/** Candidates can be moved, reopened and hired while the requisition is live; CLOSED and FILLED are read-only. */
export function pipelineIsLive(status: RequisitionStatus): boolean {
  return status !== RequisitionStatus.CLOSED && status !== RequisitionStatus.FILLED;
}

export interface SalaryRangeValues {
  min: number;
  max: number;
}

/** Cross-field checks class-validator cannot express. */
export function salaryRangeErrors(range: SalaryRangeValues | null | undefined): UserErrorDetail[] {
  if (!range) return [];
  return range.min > range.max
    ? [
        {
          code: UserErrorCode.INVALID_INPUT,
          message: `salaryRange.min (${range.min}) must not exceed salaryRange.max (${range.max}).`,
          field: ['salaryRange', 'min'],
        },
      ]
    : [];
}

export function headcountErrors(headcount: number | undefined, hiredCount: number): UserErrorDetail[] {
  if (headcount === undefined || headcount >= hiredCount) return [];
  return [
    {
      code: UserErrorCode.HEADCOUNT_BELOW_HIRED,
      message: `Headcount ${headcount} is below the ${hiredCount} already hired.`,
      field: ['headcount'],
    },
  ];
}
