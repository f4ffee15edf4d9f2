import { RejectionCategory } from './pipeline.enums';

export interface CreateRejectionReasonCommand {
  name: string;
  category: RejectionCategory;
}

/** Absent fields stay as they are. A reason is never deleted: `active: false` retires it. */
export interface UpdateRejectionReasonCommand {
  id: string;
  name?: string | null;
  active?: boolean | null;
  expectedVersion?: number | null;
}
