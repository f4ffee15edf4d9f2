import { SkillImportance } from '../requisitions/requisition.enums';
import { InterviewStatus, Recommendation, ScorecardStatus } from './evaluation.enums';
import {
  foreignFocusSkill,
  interviewActionRefusal,
  interviewerProblems,
  isComplete,
  isHttpsUrl,
  isIanaTimeZone,
  rubricOf,
  scorecardProblems,
  scorecardShowsSkill,
  scorecardStatusAfterSave,
  summarize,
  timeProblems,
} from './evaluation.rules';

const at = (iso: string) => new Date(iso);

describe('scorecardShowsSkill: SCORECARD evidence from a mean rating of 3 or more', () => {
  it.each<[number[], boolean]>([
    [[], false],
    [[4], true],
    [[3], true],
    [[2], false],
    [[4, 2], true],
    [[3, 2], false],
    [[1, 4, 4], true],
    [[1, 1, 4, 4], false],
  ])('%j → %s', (ratings, shown) => {
    expect(scorecardShowsSkill(ratings)).toBe(shown);
  });
});

describe('isIanaTimeZone', () => {
  it.each([
    ['Europe/Berlin', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Asia/Kolkata', true],
    ['Mars/Olympus_Mons', false],
    ['+02:00', false],
    ['GMT+2', false],
    ['', false],
    ['Europe/Berlin; DROP TABLE', false],
  ])('%s → %s', (zone, expected) => expect(isIanaTimeZone(zone)).toBe(expected));
});

describe('timeProblems', () => {
  it.each([
    ['one hour', '2026-12-03T10:00:00Z', '2026-12-03T11:00:00Z', []],
    ['exactly 8 hours', '2026-12-03T09:00:00Z', '2026-12-03T17:00:00Z', []],
    ['8 hours and a minute', '2026-12-03T09:00:00Z', '2026-12-03T17:01:00Z', [['endsAt']]],
    ['ends before it starts', '2026-12-03T11:00:00Z', '2026-12-03T10:00:00Z', [['endsAt']]],
    ['ends as it starts', '2026-12-03T10:00:00Z', '2026-12-03T10:00:00Z', [['endsAt']]],
    ['no valid start', 'nonsense', '2026-12-03T10:00:00Z', [['startsAt']]],
  ])('%s', (_title, startsAt, endsAt, fields) => {
    expect(timeProblems({ startsAt: at(startsAt), endsAt: at(endsAt) }).map((p) => p.field)).toEqual(fields);
  });

  it('checks zone and video link too', () => {
    expect(
      timeProblems({
        startsAt: at('2026-12-03T10:00:00Z'),
        endsAt: at('2026-12-03T11:00:00Z'),
        timeZone: 'Nowhere/Land',
        videoUrl: 'http://meet.example.com',
      }).map((p) => p.field),
    ).toEqual([['timeZone'], ['videoUrl']]);
  });
});

describe('isHttpsUrl', () => {
  it.each([
    ['https://meet.example.com/abc', true],
    ['http://meet.example.com/abc', false],
    ['https://user:pw@meet.example.com', false],
    ['javascript:alert(1)', false],
    ['meet.example.com', false],
  ])('%s → %s', (url, expected) => expect(isHttpsUrl(url)).toBe(expected));
});

describe('interviewerProblems', () => {
  it.each([
    [['a'], []],
    [[], [['interviewerIds']]],
    [['a', 'b', 'a'], [['interviewerIds', '2']]],
    [Array.from({ length: 11 }, (_, i) => `u${i}`), [['interviewerIds']]],
  ])('%j', (ids, fields) => expect(interviewerProblems(ids).map((p) => p.field)).toEqual(fields));
});

describe('interviewActionRefusal', () => {
  const now = at('2026-12-03T12:00:00Z');
  const past = at('2026-12-03T10:00:00Z');
  const future = at('2026-12-03T14:00:00Z');
  it.each([
    ['reschedule', InterviewStatus.SCHEDULED, future, false],
    ['reschedule', InterviewStatus.CANCELLED, future, true],
    ['reschedule', InterviewStatus.COMPLETED, past, true],
    ['cancel', InterviewStatus.SCHEDULED, past, false],
    ['cancel', InterviewStatus.NO_SHOW, past, true],
    ['noShow', InterviewStatus.SCHEDULED, past, false],
    ['noShow', InterviewStatus.SCHEDULED, future, true],
    ['noShow', InterviewStatus.CANCELLED, past, true],
  ] as const)('%s of a %s interview (starts %s) refused: %s', (action, status, startsAt, refused) => {
    expect(interviewActionRefusal(action, status, startsAt, now) !== null).toBe(refused);
  });
});

describe('rubricOf', () => {
  const skills = [
    { skillId: 'py', importance: SkillImportance.REQUIRED, minYears: 3 },
    { skillId: 'torch', importance: SkillImportance.REQUIRED, minYears: null },
    { skillId: 'k8s', importance: SkillImportance.PREFERRED, minYears: null },
  ];
  it.each([
    [[], ['py', 'torch', 'k8s']],
    [
      ['k8s', 'py'],
      ['py', 'k8s'],
    ],
    [['torch'], ['torch']],
  ])('focus %j → %j, in the requisition order', (focus, expected) => {
    expect(rubricOf(skills, focus).map((s) => s.skillId)).toEqual(expected);
  });
  it('names the first focus skill the requisition does not ask for', () => {
    expect(foreignFocusSkill(['py', 'torch'], ['torch', 'rust', 'go'])).toBe(1);
    expect(foreignFocusSkill(['py', 'torch'], ['torch'])).toBe(-1);
  });
});

describe('scorecardProblems', () => {
  const base = { ratings: [], overallRecommendation: null, notes: null, submit: false };
  it.each([
    ['an empty draft', {}, []],
    ['a rating of 0', { ratings: [{ skillId: 'a', rating: 0 }] }, [['ratings', '0', 'rating']]],
    ['a rating of 5', { ratings: [{ skillId: 'a', rating: 5 }] }, [['ratings', '0', 'rating']]],
    ['a rating of 2.5', { ratings: [{ skillId: 'a', rating: 2.5 }] }, [['ratings', '0', 'rating']]],
    [
      'ratings 1 and 4',
      {
        ratings: [
          { skillId: 'a', rating: 1 },
          { skillId: 'b', rating: 4 },
        ],
      },
      [],
    ],
    [
      'a skill twice',
      {
        ratings: [
          { skillId: 'a', rating: 1 },
          { skillId: 'a', rating: 2 },
        ],
      },
      [['ratings', '1', 'skillId']],
    ],
    ['submitting without a recommendation', { submit: true }, [['overallRecommendation']]],
    ['submitting with one', { submit: true, overallRecommendation: Recommendation.NO }, []],
    ['oversized notes', { notes: 'x'.repeat(20_001) }, [['notes']]],
  ])('%s', (_title, overrides, fields) => {
    expect(scorecardProblems({ ...base, ...overrides }).map((p) => p.field)).toEqual(fields);
  });

  it.each([
    [null, false, ScorecardStatus.DRAFT],
    [null, true, ScorecardStatus.SUBMITTED],
    [ScorecardStatus.DRAFT, true, ScorecardStatus.SUBMITTED],
    [ScorecardStatus.SUBMITTED, false, ScorecardStatus.SUBMITTED],
  ])('a %s scorecard saved with submit %s is %s', (current, submit, expected) => {
    expect(scorecardStatusAfterSave(current, submit)).toBe(expected);
  });
});

describe('isComplete', () => {
  const now = at('2026-12-03T12:00:00Z');
  it.each([
    [at('2026-12-03T11:00:00Z'), 2, 2, true],
    [at('2026-12-03T11:00:00Z'), 2, 1, false],
    [at('2026-12-03T13:00:00Z'), 2, 2, false],
    [at('2026-12-03T11:00:00Z'), 0, 0, false],
  ])('ended %s, %s interviewers, %s submitted → %s', (endsAt, n, submitted, expected) => {
    expect(isComplete(endsAt, now, n, submitted)).toBe(expected);
  });
});

describe('summarize', () => {
  it('counts recommendations and averages ratings per rubric skill, then off-rubric skills', () => {
    const rubric = [
      { skillId: 'py', importance: SkillImportance.REQUIRED, minYears: 3 },
      { skillId: 'k8s', importance: SkillImportance.PREFERRED, minYears: null },
    ];
    const summary = summarize(rubric, [
      {
        recommendation: Recommendation.YES,
        ratings: [
          { skillId: 'py', rating: 3 },
          { skillId: 'rust', rating: 2 },
        ],
      },
      { recommendation: Recommendation.STRONG_YES, ratings: [{ skillId: 'py', rating: 4 }] },
      { recommendation: Recommendation.YES, ratings: [{ skillId: 'py', rating: 4 }] },
    ]);
    expect(summary).toEqual({
      scorecardCount: 3,
      recommendations: { STRONG_NO: 0, NO: 0, YES: 2, STRONG_YES: 1 },
      skills: [
        {
          skillId: 'py',
          importance: 'REQUIRED',
          minYears: 3,
          onRubric: true,
          ratings: [3, 4, 4],
          meanRating: 3.67,
        },
        {
          skillId: 'k8s',
          importance: 'PREFERRED',
          minYears: null,
          onRubric: true,
          ratings: [],
          meanRating: null,
        },
        { skillId: 'rust', importance: null, minYears: null, onRubric: false, ratings: [2], meanRating: 2 },
      ],
    });
  });
});
