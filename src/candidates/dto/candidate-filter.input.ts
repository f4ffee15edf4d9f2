import { ArgsType, Field, Float, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/graphql/connection';

@InputType()
export class CandidateFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search, ranked: name and headline weigh most, then skills, education and certifications, then resume text. Web-search syntax: "quoted phrase", -excluded, or. Names also match with typos ("Lovlace" finds Lovelace) where the database has pg_trgm; an e-mail matches exactly, ignoring case. Interviewers search neither e-mail nor resume text. Results come best match first.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Candidates having every one of these skills (any spelling).',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  skills?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Candidates having every one of these tags.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[] | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minYearsOfExperience?: number | null;
}

@ArgsType()
export class CandidatesArgs extends ConnectionArgs {
  @Field(() => CandidateFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CandidateFilter)
  filter?: CandidateFilter | null;
}
