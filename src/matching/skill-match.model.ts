import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/connection';
import { CandidateModel } from '../candidates/candidate.model';
import { SkillImportance } from '../requisitions/requisition.enums';
import { EvidenceKind, MatchItem, MatchLevel, MatchResult } from './match.rules';

registerEnumType(MatchLevel, {
  name: 'SkillMatchLevel',
  description:
    'STRONG ≥ 80, GOOD ≥ 60, PARTIAL ≥ 35, WEAK below; a required skill not met caps it (docs/matching.md).',
});
registerEnumType(EvidenceKind, {
  name: 'SkillEvidence',
  description: 'Where a skill of the candidate was seen.',
  valuesMap: {
    PROFILE: { description: "Given in the candidate's profile." },
    RESUME: { description: "Recognised in one of the candidate's parsed resumes." },
    SCORECARD: {
      description: "Rated 3 or more on average in the candidate's submitted scorecards (years unknown).",
    },
  },
});

/** How one skill the requisition asks for is met. `skill` (and `relatedSkill`) resolve through the taxonomy. */
@ObjectType('SkillMatchItem')
export class SkillMatchItemModel {
  @Field(() => SkillImportance)
  importance!: SkillImportance;

  @Field(() => Float, { nullable: true })
  minYears!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "The candidate's years with the skill itself; null when not held or unknown.",
  })
  candidateYears!: number | null;

  @Field(() => [EvidenceKind], {
    description:
      'Where the skill (or, for partial credit, the related skill) was seen; empty when not at all.',
  })
  evidence!: EvidenceKind[];

  @Field({ description: 'Held with at least minYears. Partial credit from a related skill is never met.' })
  met!: boolean;

  @Field(() => Float, {
    description: 'Points of the score this skill gives (one decimal); they add up to the score.',
  })
  contribution!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Years with the related skill, when partial credit came from one.',
  })
  relatedSkillYears!: number | null;

  item!: MatchItem;

  static from(this: void, item: MatchItem): SkillMatchItemModel {
    return Object.assign(new SkillMatchItemModel(), {
      importance: item.importance === 'REQUIRED' ? SkillImportance.REQUIRED : SkillImportance.PREFERRED,
      minYears: item.minYears,
      candidateYears: item.candidateYears,
      evidence: item.evidence,
      met: item.met,
      contribution: item.contribution,
      relatedSkillYears: item.related?.years ?? null,
      item,
    });
  }
}

@ObjectType('SkillMatch', {
  description:
    "How a candidate's skills meet a requisition's: a score anyone can check line by line (docs/matching.md).",
})
export class SkillMatchModel {
  @Field(() => Int, { description: '0 to 100: the sum of the items’ contributions, rounded.' })
  score!: number;

  @Field(() => MatchLevel)
  level!: MatchLevel;

  @Field(() => [SkillMatchItemModel])
  required!: SkillMatchItemModel[];

  @Field(() => [SkillMatchItemModel])
  preferred!: SkillMatchItemModel[];

  @Field({ description: 'One readable sentence: what the score is made of and why the level is what it is.' })
  explanation!: string;

  result!: MatchResult;

  static from(this: void, result: MatchResult): SkillMatchModel {
    return Object.assign(new SkillMatchModel(), {
      score: result.score,
      level: result.level,
      required: result.required.map(SkillMatchItemModel.from),
      preferred: result.preferred.map(SkillMatchItemModel.from),
      explanation: result.explanation,
      result,
    });
  }
}

@ObjectType('SuggestedCandidateEdge')
export class SuggestedCandidateEdge {
  @Field()
  cursor!: string;

  @Field(() => CandidateModel)
  node!: CandidateModel;

  @Field(() => SkillMatchModel, { description: "The candidate's match with the requisition." })
  match!: SkillMatchModel;
}

@ObjectType('SuggestedCandidateConnection', {
  description:
    'Best match first; keyset cursors over (score, id). No totalCount: counting the pool is the costly part.',
})
export class SuggestedCandidateConnection {
  @Field(() => [SuggestedCandidateEdge])
  edges!: SuggestedCandidateEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
