import { CandidatesService } from '../candidates/candidates.service';
import { ApplicationsService } from '../pipeline/applications.service';
import { PipelineStagesService } from '../pipeline/pipeline-stages.service';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { DemoDataRepository } from './demo-data.repository';

export type SeedLog = (line: string) => void;

export interface SeedTally {
  /** Records in the plan. */
  total: number;
  created: number;
  /** Found from an earlier run and left as they were. */
  existing: number;
}

/** The use cases the seed writes through, and its own statements. */
export interface SeedServices {
  demoData: DemoDataRepository;
  requisitions: RequisitionsService;
  candidates: CandidatesService;
  applications: ApplicationsService;
  stages: PipelineStagesService;
}

/** Prints "<what> n/total" every `every` records and at the end, so a long run shows it is moving. */
export function progress(log: SeedLog, what: string, total: number, every: number): (done: number) => void {
  return (done) => {
    if (done === total || done % every === 0) log(`${what} ${done}/${total}`);
  };
}
