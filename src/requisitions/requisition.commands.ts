import { LocationValue } from '../common/location';
import {
  EmploymentType,
  JobLevel,
  MemberRole,
  RequisitionStatus,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from './requisition.enums';

/**
 * What the requisition use cases take: database ids and domain values, whichever transport they came through.
 * Field names are the ones refusals point at (`['salaryRange', 'min']`).
 */
export interface SalaryRange {
  min: number;
  max: number;
  currency: string;
  period: SalaryPeriod;
}

export interface RequisitionSkillRequirement {
  /** Any spelling; resolved through the taxonomy. */
  name: string;
  importance: SkillImportance;
  minYears?: number | null;
}

export interface CreateRequisitionCommand {
  title: string;
  description?: string | null;
  level: JobLevel;
  employmentType: EmploymentType;
  headcount: number;
  department?: string | null;
  workplaceType: WorkplaceType;
  locations: LocationValue[];
  salaryRange?: SalaryRange | null;
  responsibilities: string[];
  skills: RequisitionSkillRequirement[];
  educationRequirement?: string | null;
}

/** Absent fields stay as they are; `salaryRange: null` removes the range. */
export interface UpdateRequisitionCommand extends Partial<Omit<CreateRequisitionCommand, 'salaryRange'>> {
  id: string;
  expectedVersion?: number | null;
  salaryRange?: SalaryRange | null;
}

export interface ChangeRequisitionStatusCommand {
  id: string;
  expectedVersion?: number | null;
  reason?: string | null;
}

export interface RequisitionListFilter {
  status?: RequisitionStatus[] | null;
  level?: JobLevel[] | null;
  department?: string | null;
  search?: string | null;
}

export interface AddRequisitionMemberCommand {
  requisitionId: string;
  userId: string;
  role: MemberRole;
}

export interface RemoveRequisitionMemberCommand {
  requisitionId: string;
  userId: string;
}
