import {
  CandidateSkillEvidence,
  depthOf,
  EvidenceKind,
  levelOf,
  MatchLevel,
  MatchRequirement,
  MatchSkill,
  mergeEvidence,
  scoreMatch,
} from './match.rules';

const skill = (name: string, category = 'DEEP_LEARNING'): MatchSkill => ({
  id: name.toLowerCase(),
  name,
  category,
});
const PYTORCH = skill('PyTorch');
const TENSORFLOW = skill('TensorFlow');
const PYTHON = skill('Python', 'LANGUAGE');
const SPARK = skill('Spark', 'BIG_DATA');
const AWS = skill('AWS', 'CLOUD');
const GCP = skill('GCP', 'CLOUD');
const JIRA = skill('Jira', 'OTHER');
const CONFLUENCE = skill('Confluence', 'OTHER');

const req = (s: MatchSkill, minYears: number | null = null): MatchRequirement => ({
  skill: s,
  importance: 'REQUIRED',
  minYears,
});
const pref = (s: MatchSkill, minYears: number | null = null): MatchRequirement => ({
  skill: s,
  importance: 'PREFERRED',
  minYears,
});
const has = (
  s: MatchSkill,
  years: number | null = null,
  evidence = [EvidenceKind.PROFILE],
): CandidateSkillEvidence => ({
  skill: s,
  years,
  evidence,
});

const ML_ROLE = [req(PYTORCH, 3), req(PYTHON, 2), pref(SPARK), pref(AWS, 2)];

describe('depthOf: years count up to minYears and no further', () => {
  it.each([
    [null, null, 1],
    [null, 3, 0],
    [0, 3, 0],
    [1.5, 3, 0.5],
    [3, 3, 1],
    [10, 3, 1],
    [2, 0, 1],
    [-1, 3, 0],
  ])('years %p against minYears %p → %p', (years, minYears, depth) => {
    expect(depthOf(years, minYears)).toBe(depth);
  });
});

describe('levelOf', () => {
  it.each([
    [100, MatchLevel.STRONG],
    [80, MatchLevel.STRONG],
    [79, MatchLevel.GOOD],
    [60, MatchLevel.GOOD],
    [59, MatchLevel.PARTIAL],
    [35, MatchLevel.PARTIAL],
    [34, MatchLevel.WEAK],
    [0, MatchLevel.WEAK],
  ])('%p → %p', (score, level) => expect(levelOf(score)).toBe(level));
});

describe('scoreMatch: the worked examples of docs/matching.md', () => {
  it.each<[string, MatchRequirement[], CandidateSkillEvidence[], number, MatchLevel, string[]]>([
    // Σ weight = 3 + 3 + 1 + 1 = 8; every requirement fully met → 100.
    [
      'everything, with the years',
      ML_ROLE,
      [has(PYTORCH, 5), has(PYTHON, 4), has(SPARK), has(AWS, 2)],
      100,
      MatchLevel.STRONG,
      [],
    ],
    // PyTorch 1.5 of 3 years: credit 0.75 → 28.1; Python 37.5; Spark 12.5; AWS absent 0 → 78 (GOOD, capped at GOOD anyway).
    [
      'short on years in a required skill',
      ML_ROLE,
      [has(PYTORCH, 1.5), has(PYTHON, 4), has(SPARK)],
      78,
      MatchLevel.GOOD,
      ['PyTorch'],
    ],
    // PyTorch absent, TensorFlow related 3 years: 0.4 × 1 → 15; Python 37.5, Spark 12.5, AWS 12.5 → 78, capped at PARTIAL.
    [
      'related skill in place of a required one',
      ML_ROLE,
      [has(TENSORFLOW, 3), has(PYTHON, 2), has(SPARK), has(AWS, 3)],
      78,
      MatchLevel.PARTIAL,
      ['PyTorch'],
    ],
    // Only preferred skills: 12.5 + 12.5 → 25.
    ['preferred skills only', ML_ROLE, [has(SPARK), has(AWS, 5)], 25, MatchLevel.WEAK, ['PyTorch', 'Python']],
    ['nothing', ML_ROLE, [], 0, MatchLevel.WEAK, ['PyTorch', 'Python']],
    ['no requirements at all', [], [has(PYTORCH, 5)], 0, MatchLevel.WEAK, []],
    // Years unknown: the skill earns its base half and is not met where minYears is asked.
    ['years unknown', [req(PYTORCH, 3)], [has(PYTORCH, null)], 50, MatchLevel.PARTIAL, ['PyTorch']],
    ['years unknown, none asked', [req(PYTORCH)], [has(PYTORCH, null)], 100, MatchLevel.STRONG, []],
    // GCP where AWS is: 0.4 × (0.5 + 0.5 × 1) = 40% of the one requirement.
    ['GCP where AWS is required', [req(AWS, 2)], [has(GCP, 4)], 40, MatchLevel.PARTIAL, ['AWS']],
    // OTHER is no family: Confluence earns nothing for Jira.
    ['no relation in OTHER', [req(JIRA)], [has(CONFLUENCE, 4)], 0, MatchLevel.WEAK, ['Jira']],
  ])('%s', (_title, requirements, skills, score, level, missing) => {
    const result = scoreMatch(requirements, skills);
    expect(result.score).toBe(score);
    expect(result.level).toBe(level);
    expect(result.missingRequired.map((m) => m.skillName)).toEqual(missing);
    // The contributions add up to the score (each rounded to one decimal).
    const sum = [...result.required, ...result.preferred].reduce((s, i) => s + i.contribution, 0);
    expect(Math.abs(sum - score)).toBeLessThanOrEqual(0.6);
    expect(result.explanation).toMatch(new RegExp(`^Score ${score} \\(${level}`));
  });
});

describe('scoreMatch: items say what earned the credit', () => {
  it('a related skill earns partial credit, says which, and is never met', () => {
    const result = scoreMatch([req(PYTORCH, 3)], [has(TENSORFLOW, 3, [EvidenceKind.RESUME])]);
    expect(result.required[0]).toEqual({
      skillId: 'pytorch',
      skillName: 'PyTorch',
      importance: 'REQUIRED',
      minYears: 3,
      candidateYears: null,
      evidence: [EvidenceKind.RESUME],
      met: false,
      contribution: 40,
      related: { skillId: 'tensorflow', skillName: 'TensorFlow', years: 3 },
    });
    expect(result.explanation).toBe(
      'Score 40 (PARTIAL): meets 0 of 1 required skills; lacks PyTorch; partial credit for TensorFlow in place of PyTorch (same category).',
    );
  });

  it('the own skill wins over a related one, and a cap is explained', () => {
    const result = scoreMatch(
      [req(PYTORCH, 4), pref(SPARK)],
      [has(PYTORCH, 1), has(TENSORFLOW, 8), has(SPARK)],
    );
    expect(result.required[0].related).toBeNull();
    expect(result.required[0].candidateYears).toBe(1);
    expect(result.explanation).toBe(
      'Score 72 (GOOD): meets 0 of 1 required skills; 1 of 1 preferred; has fewer years than asked in PyTorch (1 of 4).',
    );
  });

  it('explains a cap below the level the score would give', () => {
    const result = scoreMatch(
      [req(PYTORCH), pref(SPARK), pref(AWS), pref(PYTHON)],
      [has(SPARK), has(AWS), has(PYTHON), has(TENSORFLOW, 5)],
    );
    // 3 × 0.4 + 3 = 4.2 of 6 → 70: GOOD by score, PARTIAL by the cap.
    expect(result.score).toBe(70);
    expect(result.level).toBe(MatchLevel.PARTIAL);
    expect(result.explanation).toContain('capped at PARTIAL by a required skill not met');
  });
});

describe('mergeEvidence', () => {
  it('keeps the most years any source gives and every source, in a fixed order', () => {
    expect(
      mergeEvidence([
        { kind: EvidenceKind.RESUME, skills: [{ skill: PYTORCH, years: 4 }] },
        {
          kind: EvidenceKind.PROFILE,
          skills: [
            { skill: PYTORCH, years: 2 },
            { skill: SPARK, years: null },
          ],
        },
        { kind: EvidenceKind.SCORECARD, skills: [{ skill: SPARK, years: null }] },
      ]),
    ).toEqual([
      { skill: PYTORCH, years: 4, evidence: [EvidenceKind.PROFILE, EvidenceKind.RESUME] },
      { skill: SPARK, years: null, evidence: [EvidenceKind.PROFILE, EvidenceKind.SCORECARD] },
    ]);
  });
});

describe('evidence sources in the score: where a skill was seen never changes its credit, only the years do', () => {
  const requirements = [req(PYTORCH, 3), req(PYTHON), pref(SPARK)];
  // Σ weight 7: a required skill is worth 42.9 points, a preferred one 14.3.
  it.each<[string, Parameters<typeof mergeEvidence>[0], number, string[][]]>([
    [
      'profile only',
      [{ kind: EvidenceKind.PROFILE, skills: [{ skill: PYTORCH, years: 3 }] }],
      43,
      [[EvidenceKind.PROFILE], [], []],
    ],
    [
      'a skill only in a resume counts as held, years unknown (half of PyTorch)',
      [{ kind: EvidenceKind.RESUME, skills: [{ skill: PYTORCH, years: null }] }],
      21,
      [[EvidenceKind.RESUME], [], []],
    ],
    [
      'a scorecard alone meets a requirement without years (Python)',
      [{ kind: EvidenceKind.SCORECARD, skills: [{ skill: PYTHON, years: null }] }],
      43,
      [[], [EvidenceKind.SCORECARD], []],
    ],
    [
      'the same skill in the profile and a scorecard: profile years, both sources',
      [
        { kind: EvidenceKind.PROFILE, skills: [{ skill: PYTORCH, years: 1.5 }] },
        { kind: EvidenceKind.SCORECARD, skills: [{ skill: PYTORCH, years: null }] },
      ],
      32,
      [[EvidenceKind.PROFILE, EvidenceKind.SCORECARD], [], []],
    ],
    [
      'all three sources',
      [
        { kind: EvidenceKind.PROFILE, skills: [{ skill: PYTORCH, years: 4 }] },
        { kind: EvidenceKind.RESUME, skills: [{ skill: SPARK, years: null }] },
        {
          kind: EvidenceKind.SCORECARD,
          skills: [
            { skill: PYTHON, years: null },
            { skill: PYTORCH, years: null },
          ],
        },
      ],
      100,
      [[EvidenceKind.PROFILE, EvidenceKind.SCORECARD], [EvidenceKind.SCORECARD], [EvidenceKind.RESUME]],
    ],
  ])('%s', (_, sources, score, evidence) => {
    const result = scoreMatch(requirements, mergeEvidence(sources));
    expect(result.score).toBe(score);
    expect([...result.required, ...result.preferred].map((i) => i.evidence)).toEqual(evidence);
  });

  it('the worked example of docs/matching.md (Evidence)', () => {
    const result = scoreMatch(
      [req(PYTORCH, 3), req(PYTHON, 2), pref(SPARK), pref(AWS, 2)],
      mergeEvidence([
        { kind: EvidenceKind.PROFILE, skills: [{ skill: PYTHON, years: 4 }] },
        { kind: EvidenceKind.RESUME, skills: [{ skill: PYTORCH, years: null }] },
        { kind: EvidenceKind.SCORECARD, skills: [{ skill: SPARK, years: null }] },
      ]),
    );
    expect([result.score, result.level]).toEqual([69, MatchLevel.GOOD]);
    expect([...result.required, ...result.preferred].map((i) => [i.skillName, i.evidence, i.met])).toEqual([
      ['PyTorch', [EvidenceKind.RESUME], false],
      ['Python', [EvidenceKind.PROFILE], true],
      ['Spark', [EvidenceKind.SCORECARD], true],
      ['AWS', [], false],
    ]);
  });

  it('adding a source that sees a skill never lowers the score or the level (500 generated cases)', () => {
    const kinds = [EvidenceKind.PROFILE, EvidenceKind.RESUME, EvidenceKind.SCORECARD];
    for (let seed = 1; seed <= 500; seed++) {
      const { requirements: reqs, skills, rnd } = generate(seed);
      const sources = kinds.map((kind) => ({
        kind,
        skills: skills.filter(() => rnd() < 0.5).map((s) => ({ skill: s.skill, years: s.years })),
      }));
      const extra = POOL[Math.floor(rnd() * POOL.length)];
      const kind = kinds[Math.floor(rnd() * kinds.length)];
      const before = scoreMatch(reqs, mergeEvidence(sources));
      const after = scoreMatch(
        reqs,
        mergeEvidence(
          sources.map((s) =>
            s.kind === kind ? { ...s, skills: [...s.skills, { skill: extra, years: null }] } : s,
          ),
        ),
      );
      expect({ seed, ok: after.score >= before.score }).toEqual({ seed, ok: true });
      expect({ seed, ok: LEVEL_RANK.indexOf(after.level) >= LEVEL_RANK.indexOf(before.level) }).toEqual({
        seed,
        ok: true,
      });
    }
  });
});

/** A small deterministic generator (mulberry32), so a failing case reproduces from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = [
  PYTORCH,
  TENSORFLOW,
  PYTHON,
  SPARK,
  AWS,
  GCP,
  JIRA,
  CONFLUENCE,
  skill('JAX'),
  skill('R', 'LANGUAGE'),
];
const LEVEL_RANK = [MatchLevel.WEAK, MatchLevel.PARTIAL, MatchLevel.GOOD, MatchLevel.STRONG];

function generate(seed: number): {
  requirements: MatchRequirement[];
  skills: CandidateSkillEvidence[];
  rnd: () => number;
} {
  const rnd = random(seed);
  const pick = () => POOL.filter(() => rnd() < 0.4);
  const years = () => (rnd() < 0.2 ? null : Math.round(rnd() * 80) / 10);
  const requirements = pick().map((s) => ({
    skill: s,
    importance: rnd() < 0.5 ? ('REQUIRED' as const) : ('PREFERRED' as const),
    minYears: rnd() < 0.3 ? null : Math.ceil(rnd() * 6),
  }));
  return { requirements, skills: pick().map((s) => has(s, years())), rnd };
}

describe('monotonicity (500 generated cases each)', () => {
  const seeds = Array.from({ length: 500 }, (_, i) => i + 1);

  it('adding a skill the requisition requires never lowers the score or the level', () => {
    for (const seed of seeds) {
      const { requirements, skills, rnd } = generate(seed);
      const missing = requirements.filter((r) => !skills.some((s) => s.skill.id === r.skill.id));
      if (missing.length === 0) continue;
      const added = missing[Math.floor(rnd() * missing.length)].skill;
      const before = scoreMatch(requirements, skills);
      const after = scoreMatch(requirements, [...skills, has(added, rnd() < 0.3 ? null : rnd() * 8)]);
      expect({ seed, score: after.score >= before.score }).toEqual({ seed, score: true });
      expect({ seed, level: LEVEL_RANK.indexOf(after.level) >= LEVEL_RANK.indexOf(before.level) }).toEqual({
        seed,
        level: true,
      });
    }
  });

  it('adding years to a skill never lowers the score or the level', () => {
    for (const seed of seeds) {
      const { requirements, skills, rnd } = generate(seed);
      if (skills.length === 0) continue;
      const i = Math.floor(rnd() * skills.length);
      const more = skills.map((s, j) => (j === i ? { ...s, years: (s.years ?? 0) + rnd() * 5 } : s));
      const before = scoreMatch(requirements, skills);
      const after = scoreMatch(requirements, more);
      expect({ seed, ok: after.score >= before.score }).toEqual({ seed, ok: true });
      expect({ seed, ok: LEVEL_RANK.indexOf(after.level) >= LEVEL_RANK.indexOf(before.level) }).toEqual({
        seed,
        ok: true,
      });
    }
  });

  it('scores stay within 0…100 and a met requirement is always the own skill with its years', () => {
    for (const seed of seeds) {
      const { requirements, skills } = generate(seed);
      const result = scoreMatch(requirements, skills);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
      for (const item of [...result.required, ...result.preferred]) {
        if (item.met) expect(item.related).toBeNull();
      }
    }
  });
});

describe('scoreMatch: an exact half rounds up, however the sum is made', () => {
  it.each([
    // 25 (1 of 3 years) + 37.5 + 12.5 + 2.5 (GCP for AWS, no years) = 77.5.
    ['thirds of a year and a related skill', 78, [has(PYTORCH, 1), has(PYTHON, 2), has(SPARK), has(GCP)]],
    // 10 (TensorFlow 1 year for PyTorch: 0.4 × ⅔) + 37.5 = 47.5.
    ['a related skill’s thirds', 48, [has(TENSORFLOW, 1), has(PYTHON, 2)]],
    // 37.5 + 28.125 (Python 1 of 2 years) + 12.5 = 78.125 is no half: rounds down.
    ['not a half', 78, [has(PYTORCH, 3), has(PYTHON, 1), has(SPARK)]],
  ])('%s → %p', (_, score, skills) => {
    expect(scoreMatch(ML_ROLE, skills).score).toBe(score);
  });
});
