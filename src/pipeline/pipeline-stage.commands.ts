import { StageKind } from './pipeline.enums';

/**
 * What the pipeline-stage use cases take: database ids and domain values. Every change carries the requisition's
 * `expectedVersion`: a pipeline is part of its requisition.
 */
export interface AddPipelineStageCommand {
  requisitionId: string;
  name: string;
  kind: StageKind;
  /** Where to insert, from 0; just before the HIRED stage when absent. */
  position?: number | null;
  expectedVersion?: number | null;
}

/** Absent fields stay as they are. */
export interface UpdatePipelineStageCommand {
  id: string;
  name?: string;
  kind?: StageKind;
  expectedVersion?: number | null;
}

export interface ReorderPipelineStagesCommand {
  requisitionId: string;
  /** Every live stage of the requisition, in the new order. */
  stageIds: string[];
  expectedVersion?: number | null;
}

export interface RemovePipelineStageCommand {
  id: string;
  /** Where the stage's applications go; required when it holds any. */
  moveApplicationsToStageId?: string | null;
  expectedVersion?: number | null;
}
