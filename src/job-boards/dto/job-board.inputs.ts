import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsNotBlank } from '../../common/graphql/validators';
import { JobBoardKind } from '../job-board.enums';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE =
  'slug must be lower-case letters and digits in words joined by single hyphens, e.g. "indeed-us"';

@InputType()
export class CreateJobBoardInput {
  @Field()
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  @Field({ description: "In the board's public URLs: /v1/boards/{slug}/jobs, /v1/boards/{slug}/feed.xml." })
  @IsString()
  @MaxLength(60)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug!: string;

  @Field(() => JobBoardKind)
  @IsEnum(JobBoardKind)
  kind!: JobBoardKind;
}

@InputType()
export class UpdateJobBoardInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(100)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changing it changes every public URL of the board.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug?: string | null;

  @Field(() => JobBoardKind, { nullable: true })
  @IsOptional()
  @IsEnum(JobBoardKind)
  kind?: JobBoardKind | null;

  @Field(() => Boolean, { nullable: true, description: 'true reactivates a deactivated board.' })
  @IsOptional()
  active?: boolean | null;
}

@InputType()
export class JobBoardIdInput {
  @Field(() => ID)
  @IsString()
  id!: string;
}

@InputType()
export class ReprocessInboundDeliveryInput {
  @Field(() => ID, { description: 'The `InboundDelivery` id' })
  @IsString()
  id!: string;
}

@InputType()
export class PublishRequisitionInput {
  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  boardIds!: string[];
}

@InputType()
export class UnpublishRequisitionInput {
  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field(() => [ID], { nullable: true, description: 'Omitted: every board the requisition is published on.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  boardIds?: string[] | null;
}
