import { JobBoardKind } from './job-board.enums';

/**
 * What the job-board use cases take: database ids and domain values, whichever transport they came through.
 * Field names are the ones refusals point at (`['boardIds', '1']`).
 */
export interface CreateJobBoardCommand {
  name: string;
  slug: string;
  kind: JobBoardKind;
}

/** Absent fields stay as they are. */
export interface UpdateJobBoardCommand {
  id: string;
  name?: string | null;
  slug?: string | null;
  kind?: JobBoardKind | null;
  active?: boolean | null;
}

export interface PublishRequisitionCommand {
  requisitionId: string;
  /** In the order refusals count them; repeats are published once. */
  boardIds: string[];
}

export interface UnpublishRequisitionCommand {
  requisitionId: string;
  /** Every board the requisition is posted on when absent. */
  boardIds?: string[] | null;
}
