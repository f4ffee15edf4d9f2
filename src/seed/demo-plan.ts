import { CreateCandidateCommand } from '../candidates/candidate.commands';
import { ApplicationSourceKind, StageKind } from '../pipeline/pipeline.enums';
import { CreateRequisitionCommand } from '../requisitions/requisition.commands';

/*
 * The shape of the demo data set and the markers by which a later run recognises it; demo-data.ts builds it.
 */

/** Reserved for documentation (RFC 2606): demo candidates are easy to find and never mail a real person. */
export const DEMO_EMAIL_DOMAIN = 'demo.example.net';

/** Together with the titles below, the stable marker by which a later run recognises the demo requisitions. */
export const DEMO_DEPARTMENT = 'Applied Machine Learning';

export const DEMO_REQUISITION_TITLES = {
  intern: 'Machine Learning Engineer Intern',
  mid: 'Machine Learning Engineer',
  senior: 'Senior Machine Learning Engineer, Ranking & Recommendations',
} as const;

export type RequisitionKey = keyof typeof DEMO_REQUISITION_TITLES;

export const DAY_MS = 86_400_000;
/** Applications arrive over the last eight weeks. */
export const APPLICATION_WINDOW_DAYS = 56;
/** Nothing is planned closer to "now" than this, so every timestamp is safely in the past. */
export const MIN_DAYS_AGO = 0.05;

export type StageCustomization =
  | { change: 'retype'; stage: string; name: string; kind: StageKind }
  | { change: 'add'; name: string; kind: StageKind; before: string };

export interface DemoRequisition {
  key: RequisitionKey;
  input: CreateRequisitionCommand;
  /** How the hiring team reshapes the default pipeline before opening. */
  stageCustomizations: StageCustomization[];
  /** The live stages once customised, in order (the last one is the HIRED stage). */
  stageNames: string[];
  draftedAt: Date;
  customizedAt: Date;
  openedAt: Date;
}

export type Archetype =
  'STUDENT' | 'DATA_SCIENTIST' | 'SOFTWARE_ENGINEER' | 'ML_ENGINEER' | 'RECSYS_ENGINEER' | 'RESEARCHER';

export interface DemoCandidate {
  archetype: Archetype;
  input: CreateCandidateCommand;
  createdAt: Date;
}

export type DemoStep =
  | { action: 'apply'; at: Date }
  | { action: 'move'; at: Date; stage: string }
  | { action: 'reject'; at: Date; reason: string }
  | { action: 'withdraw'; at: Date; reason: string };

export interface DemoApplication {
  candidateEmail: string;
  requisition: RequisitionKey;
  source: { kind: ApplicationSourceKind; detail: string | null };
  /** The first step is always 'apply'; each step writes exactly one stage transition. */
  steps: DemoStep[];
}

export interface DemoPlan {
  requisitions: DemoRequisition[];
  /** In order of creation. */
  candidates: DemoCandidate[];
  /** In order of application. */
  applications: DemoApplication[];
}

/** A candidate as planned, before the applications decide when their consent was given. */
export interface CandidateDraft {
  archetype: Archetype;
  input: CreateCandidateCommand;
}

/** "A, B, C" → ['A', 'B', 'C']: keeps the long lists of names readable. */
export const listOf = (names: string): string[] => names.split(', ');
