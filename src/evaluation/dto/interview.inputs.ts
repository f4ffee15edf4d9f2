import { Type } from 'class-transformer';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_PAGE_SIZE } from '../../common/graphql/connection';
import { IsNotBlank } from '../../common/graphql/validators';
import { InterviewKind } from '../evaluation.enums';
import { MAX_INTERVIEWERS } from '../evaluation.rules';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';

@InputType()
export class ScheduleInterviewInput {
  @Field(() => ID, { description: 'An ACTIVE application.' })
  @IsString()
  applicationId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "A stage of the application's requisition; by default the stage the application is in.",
  })
  @IsOptional()
  @IsString()
  stageId?: string | null;

  @Field(() => InterviewKind)
  @IsEnum(InterviewKind)
  kind!: InterviewKind;

  @Field(() => GraphQLDateTime)
  @IsDate()
  @Type(() => Date)
  startsAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'After startsAt, at most 8 hours later.' })
  @IsDate()
  @Type(() => Date)
  endsAt!: Date;

  @Field({ description: 'IANA time-zone name the interview is planned in, e.g. "Europe/Berlin".' })
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @Field(() => [ID], { description: "Members of the requisition's hiring team, each free at that time." })
  @IsArray()
  @ArrayMaxSize(MAX_INTERVIEWERS)
  @IsString({ each: true })
  interviewerIds!: string[];

  @Field(() => String, { nullable: true, description: 'A room or an address.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'An https:// link to the video call.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  videoUrl?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Skills of the requisition this interview concentrates on (its rubric); by default all of them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  focusSkillIds?: string[] | null;
}

@InputType()
export class RescheduleInterviewInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => GraphQLDateTime)
  @IsDate()
  @Type(() => Date)
  startsAt!: Date;

  @Field(() => GraphQLDateTime)
  @IsDate()
  @Type(() => Date)
  endsAt!: Date;

  @Field(() => [ID], { nullable: true, description: 'Replaces the interviewers; by default they stay.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INTERVIEWERS)
  @IsString({ each: true })
  interviewerIds?: string[] | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class CancelInterviewInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true, description: 'Kept with the interview; never sent in events.' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class MarkInterviewNoShowInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@ArgsType()
export class ViewerInterviewsArgs {
  @Field(() => Int, { nullable: true, description: `Up to ${MAX_PAGE_SIZE} interviews after \`after\`.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Interviews ending after this time.' })
  @IsOptional()
  @IsDate()
  @Type(() => Date)
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Interviews starting before this time.' })
  @IsOptional()
  @IsDate()
  @Type(() => Date)
  to?: Date | null;
}

@InputType({ description: 'Every mutation takes one input; this one needs nothing but the caller.' })
export class RotateCalendarFeedTokenInput {
  @Field(() => String, {
    nullable: true,
    description: 'Echoed nowhere; for clients that tag their mutations.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  clientMutationId?: string | null;
}
