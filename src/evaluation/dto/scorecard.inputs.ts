import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Recommendation } from '../evaluation.enums';
import { MAX_NOTES_LENGTH, MAX_RATING_NOTE_LENGTH, MAX_RATINGS } from '../evaluation.rules';

@InputType()
export class SkillRatingInput {
  @Field(() => ID, { description: 'A skill; one outside the rubric is allowed and shown as such.' })
  @IsString()
  skillId!: string;

  @Field(() => Int, { description: '1 (strong no) to 4 (strong yes).' })
  @IsInt()
  rating!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_RATING_NOTE_LENGTH)
  note?: string | null;
}

@InputType()
export class SaveScorecardInput {
  @Field(() => ID, { description: 'An interview the caller is an interviewer of.' })
  @IsString()
  interviewId!: string;

  @Field(() => [SkillRatingInput], { description: 'Replaces the ratings saved before.' })
  @IsArray()
  @ArrayMaxSize(MAX_RATINGS)
  @ValidateNested({ each: true })
  @Type(() => SkillRatingInput)
  ratings!: SkillRatingInput[];

  @Field(() => Recommendation, { nullable: true, description: 'Required to submit.' })
  @IsOptional()
  @IsEnum(Recommendation)
  overallRecommendation?: Recommendation | null;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES_LENGTH)
  notes?: string | null;

  @Field({ defaultValue: false, description: 'Turn the draft into SUBMITTED (needs a recommendation).' })
  @IsBoolean()
  submit!: boolean;

  @Field(() => Int, { nullable: true, description: "The scorecard's version; 0 when you have none yet." })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
