import { SkillImportance } from '../requisitions/requisition.enums';
import { InterviewStatus, Recommendation, ScorecardStatus } from './evaluation.enums';

/** A rule's refusal of one field, in domain terms (the service turns it into a DomainError). */
export interface FieldProblem {
  field: string[];
  message: string;
}

export const MAX_INTERVIEW_HOURS = 8;
export const MAX_INTERVIEWERS = 10;
export const MAX_RATINGS = 50;
export const MAX_NOTES_LENGTH = 20_000;
export const MAX_RATING_NOTE_LENGTH = 2_000;

/**
 * The mean rating (1–4, over a candidate's submitted scorecards, on any of their applications) from which a skill
 * counts as seen by the interviewers: SCORECARD evidence in the skill match (docs/matching.md). Below it the
 * ratings add nothing, and never take away what the profile or a resume shows.
 */
export const SCORECARD_SEEN_MEAN = 3;

/** Whether interviewers' ratings of a skill make it SCORECARD evidence (see `SCORECARD_SEEN_MEAN`). */
export function scorecardShowsSkill(ratings: readonly number[]): boolean {
  return ratings.length > 0 && ratings.reduce((sum, r) => sum + r, 0) / ratings.length >= SCORECARD_SEEN_MEAN;
}

/**
 * Whether `zone` is an IANA time-zone name (`Europe/Berlin`, `UTC`): the runtime's ICU must know it, and it must
 * be a name, not an offset like `+02:00` that newer runtimes also accept.
 */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What a schedule or reschedule asks for, before anything is read from the database. */
export interface InterviewTimes {
  startsAt: Date;
  endsAt: Date;
  timeZone?: string;
  videoUrl?: string | null;
}

/** The problems of an interview's times, zone and video link (empty when there are none). */
export function timeProblems(input: InterviewTimes): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const valid = (d: Date) => d instanceof Date && !Number.isNaN(d.getTime());
  if (!valid(input.startsAt))
    problems.push({ field: ['startsAt'], message: 'startsAt is not a valid time.' });
  if (!valid(input.endsAt)) problems.push({ field: ['endsAt'], message: 'endsAt is not a valid time.' });
  if (problems.length === 0) {
    const minutes = (input.endsAt.getTime() - input.startsAt.getTime()) / 60_000;
    if (minutes <= 0) {
      problems.push({ field: ['endsAt'], message: 'endsAt must be after startsAt.' });
    } else if (minutes > MAX_INTERVIEW_HOURS * 60) {
      problems.push({
        field: ['endsAt'],
        message: `An interview lasts at most ${MAX_INTERVIEW_HOURS} hours.`,
      });
    }
  }
  if (input.timeZone !== undefined && !isIanaTimeZone(input.timeZone)) {
    problems.push({
      field: ['timeZone'],
      message: 'timeZone must be an IANA time-zone name such as "Europe/Berlin" or "America/New_York".',
    });
  }
  if (input.videoUrl != null && !isHttpsUrl(input.videoUrl)) {
    problems.push({ field: ['videoUrl'], message: 'videoUrl must be an https:// URL.' });
  }
  return problems;
}

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The problems of a list of interviewers: at least one, at most MAX_INTERVIEWERS, none twice. */
export function interviewerProblems(interviewerIds: readonly string[]): FieldProblem[] {
  if (interviewerIds.length === 0)
    return [{ field: ['interviewerIds'], message: 'Name at least one interviewer.' }];
  if (interviewerIds.length > MAX_INTERVIEWERS) {
    return [{ field: ['interviewerIds'], message: `At most ${MAX_INTERVIEWERS} interviewers.` }];
  }
  const seen = new Set<string>();
  for (const [i, id] of interviewerIds.entries()) {
    if (seen.has(id))
      return [{ field: ['interviewerIds', String(i)], message: 'An interviewer is named twice.' }];
    seen.add(id);
  }
  return [];
}

export type InterviewAction = 'reschedule' | 'cancel' | 'noShow';

/** Why an interview in `status` cannot undergo `action` (null: it can). Only SCHEDULED interviews change. */
export function interviewActionRefusal(
  action: InterviewAction,
  status: InterviewStatus,
  startsAt: Date,
  now: Date,
): string | null {
  if (status !== InterviewStatus.SCHEDULED) {
    return `The interview is ${status}; only SCHEDULED interviews can be ${
      action === 'reschedule' ? 'rescheduled' : action === 'cancel' ? 'cancelled' : 'marked as no-shows'
    }.`;
  }
  if (action === 'noShow' && startsAt.getTime() > now.getTime()) {
    return 'The interview has not started yet: a no-show is recorded once it should have begun.';
  }
  return null;
}

/** A skill of the requisition an interviewer is asked to rate. */
export interface RubricSkill {
  skillId: string;
  importance: SkillImportance;
  minYears: number | null;
}

/**
 * The rubric of an interview: the requisition's required and preferred skills, in the requisition's order, narrowed
 * to the interview's focus skills when it has any.
 */
export function rubricOf<T extends RubricSkill>(
  requisitionSkills: readonly T[],
  focusSkillIds: readonly string[],
): T[] {
  if (focusSkillIds.length === 0) return [...requisitionSkills];
  const focus = new Set(focusSkillIds);
  return requisitionSkills.filter((s) => focus.has(s.skillId));
}

/** Focus skills must be skills of the requisition (index of the first that is not, or -1). */
export function foreignFocusSkill(
  requisitionSkillIds: readonly string[],
  focusSkillIds: readonly string[],
): number {
  const known = new Set(requisitionSkillIds);
  return focusSkillIds.findIndex((id) => !known.has(id));
}

export interface RatingInput {
  skillId: string;
  rating: number;
  note?: string | null;
}

/** The problems of a scorecard's ratings, recommendation and notes. */
export function scorecardProblems(input: {
  ratings: readonly RatingInput[];
  overallRecommendation: Recommendation | null;
  notes: string | null;
  submit: boolean;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.ratings.length > MAX_RATINGS) {
    problems.push({ field: ['ratings'], message: `At most ${MAX_RATINGS} ratings.` });
  }
  const seen = new Set<string>();
  input.ratings.forEach((r, i) => {
    if (!Number.isInteger(r.rating) || r.rating < 1 || r.rating > 4) {
      problems.push({
        field: ['ratings', String(i), 'rating'],
        message: 'A rating is a whole number from 1 to 4.',
      });
    }
    if (seen.has(r.skillId)) {
      problems.push({ field: ['ratings', String(i), 'skillId'], message: 'A skill is rated twice.' });
    }
    seen.add(r.skillId);
    if (r.note != null && r.note.length > MAX_RATING_NOTE_LENGTH) {
      problems.push({
        field: ['ratings', String(i), 'note'],
        message: `A rating's note has at most ${MAX_RATING_NOTE_LENGTH} characters.`,
      });
    }
  });
  if (input.notes != null && input.notes.length > MAX_NOTES_LENGTH) {
    problems.push({ field: ['notes'], message: `Notes have at most ${MAX_NOTES_LENGTH} characters.` });
  }
  if (input.submit && input.overallRecommendation == null) {
    problems.push({
      field: ['overallRecommendation'],
      message: 'Submitting a scorecard needs an overall recommendation.',
    });
  }
  return problems;
}

/**
 * The status a scorecard save leaves: submitting turns a draft into SUBMITTED; a submitted scorecard stays
 * submitted (an amendment), it never goes back to draft.
 */
export function scorecardStatusAfterSave(current: ScorecardStatus | null, submit: boolean): ScorecardStatus {
  return current === ScorecardStatus.SUBMITTED || submit ? ScorecardStatus.SUBMITTED : ScorecardStatus.DRAFT;
}

/** An interview is complete once it has ended and every interviewer has submitted. */
export function isComplete(endsAt: Date, now: Date, interviewers: number, submitted: number): boolean {
  return endsAt.getTime() <= now.getTime() && interviewers > 0 && submitted >= interviewers;
}

/** One submitted scorecard's contribution to an evaluation. */
export interface SubmittedScorecard {
  recommendation: Recommendation;
  ratings: readonly { skillId: string; rating: number }[];
}

export interface SkillSummary {
  skillId: string;
  importance: SkillImportance | null;
  minYears: number | null;
  /** Whether the requisition asks for the skill (off-rubric ratings are kept, and marked). */
  onRubric: boolean;
  ratings: number[];
  meanRating: number | null;
}

export interface EvaluationSummary {
  scorecardCount: number;
  recommendations: Record<Recommendation, number>;
  skills: SkillSummary[];
}

/**
 * Sums up submitted scorecards: counts per recommendation, and per skill its ratings and their mean — every skill of
 * the requisition's rubric (in its order, rated or not), then the skills rated outside it.
 */
export function summarize(
  rubric: readonly RubricSkill[],
  scorecards: readonly SubmittedScorecard[],
): EvaluationSummary {
  const recommendations = {
    [Recommendation.STRONG_NO]: 0,
    [Recommendation.NO]: 0,
    [Recommendation.YES]: 0,
    [Recommendation.STRONG_YES]: 0,
  };
  const bySkill = new Map<string, number[]>();
  for (const card of scorecards) {
    recommendations[card.recommendation] += 1;
    for (const r of card.ratings) bySkill.set(r.skillId, [...(bySkill.get(r.skillId) ?? []), r.rating]);
  }
  const mean = (xs: number[]) =>
    xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  const onRubric = new Set(rubric.map((s) => s.skillId));
  const skills: SkillSummary[] = rubric.map((s) => {
    const ratings = bySkill.get(s.skillId) ?? [];
    return { ...s, onRubric: true, ratings, meanRating: mean(ratings) };
  });
  for (const [skillId, ratings] of bySkill) {
    if (!onRubric.has(skillId)) {
      skills.push({
        skillId,
        importance: null,
        minYears: null,
        onRubric: false,
        ratings,
        meanRating: mean(ratings),
      });
    }
  }
  return { scorecardCount: scorecards.length, recommendations, skills };
}
