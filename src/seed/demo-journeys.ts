import { ApplicationSourceKind } from '../pipeline/pipeline.enums';
import {
  APPLICATION_WINDOW_DAYS,
  Archetype,
  CandidateDraft,
  DAY_MS,
  DemoApplication,
  DemoRequisition,
  DemoStep,
  MIN_DAYS_AGO,
  RequisitionKey,
} from './demo-plan';
import { SeededRandom } from './random';

// --- applications ---

const REFERRERS = [
  'Priya Raman (Ranking)',
  'Marcus Lee (ML Platform)',
  'Hannah Becker (Data Science)',
  'Tom Alvarez (Search)',
  'Yusuf Demir (Fraud ML)',
];

export function planSource(rng: SeededRandom, archetype: Archetype): DemoApplication['source'] {
  const kind = rng.weighted<ApplicationSourceKind>([
    [ApplicationSourceKind.JOB_BOARD, 42],
    [ApplicationSourceKind.CAREER_PAGE, 18],
    [ApplicationSourceKind.REFERRAL, 13],
    [ApplicationSourceKind.EVENT, archetype === 'STUDENT' ? 18 : 8],
    [ApplicationSourceKind.SOURCED, archetype === 'RECSYS_ENGINEER' || archetype === 'RESEARCHER' ? 18 : 7],
    [ApplicationSourceKind.AGENCY, 2],
  ]);
  switch (kind) {
    case ApplicationSourceKind.JOB_BOARD:
      return {
        kind,
        detail: rng.weighted([
          ['LinkedIn', 40],
          ['Indeed', 25],
          ['Glassdoor', 20],
          ['Monster', 15],
        ]),
      };
    case ApplicationSourceKind.CAREER_PAGE:
      return { kind, detail: 'Careers page' };
    case ApplicationSourceKind.REFERRAL:
      return { kind, detail: `Referred by ${rng.pick(REFERRERS)}` };
    case ApplicationSourceKind.EVENT:
      return {
        kind,
        detail:
          archetype === 'STUDENT'
            ? rng.pick(['University career fair', 'PyData meetup', 'Grace Hopper Celebration'])
            : rng.pick([
                'RecSys conference',
                'MLOps World conference',
                'PyData meetup',
                'Bay Area ML meetup',
                'Women in Machine Learning workshop',
              ]),
      };
    case ApplicationSourceKind.SOURCED:
      return {
        kind,
        detail: rng.pick([
          'Sourced on GitHub (open-source contributions)',
          'Sourced on Kaggle (competition leaderboard)',
          'Sourced on LinkedIn',
        ]),
      };
    case ApplicationSourceKind.AGENCY:
      return { kind, detail: 'Northbeam Talent (agency)' };
  }
}

const REJECTION_REASONS: Record<string, string[]> = {
  Applied: [
    'Resume review: no hands-on model building beyond coursework',
    'Resume review: experience is mostly dashboards and BI, not machine learning',
    'Salary expectations well above the posted range',
    'Cannot work from any of the listed locations',
  ],
  'Recruiter screen': [
    'Recruiter screen: looking for a research-only role',
    'Recruiter screen: salary expectations above the range',
    'Recruiter screen: not interested in production and on-call work',
  ],
  'Technical screen': [
    'Technical screen: struggled with data manipulation in Pandas and NumPy',
    'Technical screen: could not explain bias/variance or regularisation',
    'Technical screen: coding exercise left incomplete',
  ],
  'ML system design': [
    'ML system design: no plan for monitoring or retraining after deployment',
    'ML system design: ignored data collection and labelling costs',
  ],
  'Take-home project': [
    'Take-home: data leakage between the training and test sets',
    'Take-home: model evaluated on training accuracy only',
  ],
  'Ranking deep dive': [
    'Ranking deep dive: little experience with learning-to-rank losses and offline metrics such as NDCG',
    'Ranking deep dive: could not reason about position bias in click logs',
  ],
  Onsite: [
    'Onsite: collaboration concerns raised by two interviewers',
    'Onsite: hiring committee preferred a candidate with more production experience',
  ],
};

const INTERN_REJECTION_REASONS = ['Recruiter screen: not available for the internship dates'];

const WITHDRAWAL_REASONS = [
  'Accepted another offer',
  'Accepted a counter-offer from current employer',
  'Decided not to relocate',
  'Personal reasons; asked to be considered again next year',
];
const INTERN_WITHDRAWAL_REASONS = [
  'Chose a research internship at their university instead',
  'Accepted another internship',
];
const OFFER_WITHDRAWAL_REASONS = [
  'Declined our offer: accepted a competing offer',
  'Declined our offer: compensation',
];

type Outcome = 'ACTIVE' | 'REJECTED' | 'WITHDRAWN' | 'HIRED';

export interface JourneyIntent {
  outcome: Outcome;
  /** Index into the requisition's stages of where the application ends up (ignored for HIRED). */
  stageIndex: number;
  daysAgo: number;
  /** A forced journey must fit in time as planned; the builder fails loudly if it does not. */
  forced?: boolean;
}

/** Geometric weights: most applications end early in the funnel, a few go far. */
function funnelIndex(rng: SeededRandom, count: number, decay: number): number {
  return rng.weighted(Array.from({ length: count }, (_, i) => [i, decay ** i] as const));
}

export function drawIntent(rng: SeededRandom, requisition: DemoRequisition): JourneyIntent {
  // Offer is the last stage before Hired; nobody is rejected at the offer, but some decline it.
  const offerIndex = requisition.stageNames.length - 2;
  const daysAgo = rng.between(MIN_DAYS_AGO * 4, APPLICATION_WINDOW_DAYS);
  const roll = rng.next();
  if (roll < 0.24) return { outcome: 'REJECTED', stageIndex: funnelIndex(rng, offerIndex, 0.65), daysAgo };
  if (roll < 0.31)
    return { outcome: 'WITHDRAWN', stageIndex: funnelIndex(rng, offerIndex + 1, 0.85), daysAgo };
  return { outcome: 'ACTIVE', stageIndex: funnelIndex(rng, offerIndex + 1, 0.72), daysAgo };
}

export function planSteps(
  rng: SeededRandom,
  now: Date,
  requisition: DemoRequisition,
  intent: JourneyIntent,
): DemoStep[] {
  const at = (daysAgo: number) => new Date(now.getTime() - Math.round(daysAgo * DAY_MS));
  let daysAgo = intent.daysAgo;
  const steps: DemoStep[] = [{ action: 'apply', at: at(daysAgo) }];
  const target = intent.outcome === 'HIRED' ? requisition.stageNames.length - 1 : intent.stageIndex;
  for (let stage = 1; stage <= target; stage++) {
    const gap = stage === 1 ? rng.between(1, 5) : rng.between(2, 6);
    if (daysAgo - gap < MIN_DAYS_AGO) {
      // Not enough time has passed for this one to have got further: it is still in progress.
      if (intent.forced)
        throw new Error(`forced journey to ${intent.outcome} does not fit in ${intent.daysAgo} days`);
      return steps;
    }
    daysAgo -= gap;
    steps.push({ action: 'move', at: at(daysAgo), stage: requisition.stageNames[stage] });
  }
  if (intent.outcome === 'REJECTED' || intent.outcome === 'WITHDRAWN') {
    const gap = rng.between(0.5, 4);
    if (daysAgo - gap < MIN_DAYS_AGO) return steps;
    const stageName = requisition.stageNames[target];
    const isIntern = requisition.key === 'intern';
    const reason =
      intent.outcome === 'REJECTED'
        ? rng.pick([
            ...REJECTION_REASONS[stageName],
            ...(isIntern && stageName === 'Recruiter screen' ? INTERN_REJECTION_REASONS : []),
          ])
        : rng.pick(
            stageName === 'Offer'
              ? OFFER_WITHDRAWAL_REASONS
              : [...WITHDRAWAL_REASONS, ...(isIntern ? INTERN_WITHDRAWAL_REASONS : [])],
          );
    steps.push({
      action: intent.outcome === 'REJECTED' ? 'reject' : 'withdraw',
      at: at(daysAgo - gap),
      reason,
    });
  }
  return steps;
}

/** Which requisitions a candidate of each kind applies to. */
export function targetsOf(rng: SeededRandom, draft: CandidateDraft): RequisitionKey[] {
  const years = draft.input.yearsOfExperience ?? 0;
  switch (draft.archetype) {
    case 'STUDENT':
      return ['intern'];
    case 'DATA_SCIENTIST':
    case 'SOFTWARE_ENGINEER':
      return ['mid'];
    case 'ML_ENGINEER':
      return years >= 5 && rng.chance(0.5) ? ['mid', 'senior'] : ['mid'];
    case 'RECSYS_ENGINEER':
      return rng.chance(0.25) ? ['senior', 'mid'] : ['senior'];
    case 'RESEARCHER':
      return years >= 4 ? ['senior'] : ['mid'];
  }
}
