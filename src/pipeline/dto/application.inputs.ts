import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_BULK_APPLICATIONS } from '../application.commands';
import { IsNotBlank } from '../../common/graphql/validators';
import { ConnectionArgs } from '../../common/graphql/connection';
import { ApplicationSourceKind, ApplicationStatus } from '../pipeline.enums';
import { ApplicationOrderField, OrderDirection } from '../application-orderings';

@InputType()
export class ApplicationSourceInput {
  @Field(() => ApplicationSourceKind)
  @IsEnum(ApplicationSourceKind)
  kind!: ApplicationSourceKind;

  @Field(() => String, { nullable: true, description: 'The board, referrer, agency or event.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  detail?: string | null;
}

@InputType()
export class CreateApplicationInput {
  @Field(() => ID)
  @IsString()
  candidateId!: string;

  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field(() => ApplicationSourceInput, { nullable: true, description: 'Defaults to SOURCED.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApplicationSourceInput)
  source?: ApplicationSourceInput | null;

  @Field(() => ID, { nullable: true, description: 'The stage to start in; by default the first one.' })
  @IsOptional()
  @IsString()
  stageId?: string | null;
}

@InputType()
export class MoveApplicationInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => ID)
  @IsString()
  stageId!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class RejectApplicationInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Why, in words, e.g. "Insufficient production ML experience". Required unless `reasonId` is given (then the reason\'s name is used).',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank({ message: 'reason must not be empty' })
  @MaxLength(500)
  reason?: string | null;

  @Field(() => ID, { nullable: true, description: 'A WE_REJECTED rejection reason, counted in reports.' })
  @IsOptional()
  @IsString()
  reasonId?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class ReopenApplicationInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class WithdrawApplicationInput extends ReopenApplicationInput {
  @Field(() => ID, { nullable: true, description: 'A THEY_WITHDREW rejection reason, counted in reports.' })
  @IsOptional()
  @IsString()
  reasonId?: string | null;
}

@ArgsType()
export class ApplicationsArgs extends ConnectionArgs {
  @Field(() => ApplicationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus | null;
}

@InputType()
export class ApplicationOrderInput {
  @Field(() => ApplicationOrderField)
  @IsEnum(ApplicationOrderField)
  field!: ApplicationOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.DESC;
}

@ArgsType()
export class RequisitionApplicationsArgs extends ApplicationsArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  stageId?: string | null;

  @Field(() => ApplicationOrderInput, {
    nullable: true,
    description:
      'Default: APPLIED_AT, newest first. MATCH_SCORE ranks by the stored skill match (ties by id; unscored last when descending).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApplicationOrderInput)
  orderBy?: ApplicationOrderInput | null;
}

@InputType()
export class BulkRejectApplicationsInput {
  @Field(() => [ID], { description: `1 to ${MAX_BULK_APPLICATIONS} applications, each listed once.` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_APPLICATIONS)
  @ArrayUnique({ message: 'ids must not list an application twice' })
  @IsString({ each: true })
  ids!: string[];

  @Field(() => ID, { nullable: true, description: 'A WE_REJECTED rejection reason.' })
  @IsOptional()
  @IsString()
  reasonId?: string | null;

  @Field(() => String, { nullable: true, description: 'Why, in words; required unless `reasonId` is given.' })
  @IsOptional()
  @IsString()
  @IsNotBlank({ message: 'reason must not be empty' })
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class BulkMoveApplicationsInput {
  @Field(() => [ID], { description: `1 to ${MAX_BULK_APPLICATIONS} applications, each listed once.` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_APPLICATIONS)
  @ArrayUnique({ message: 'ids must not list an application twice' })
  @IsString({ each: true })
  ids!: string[];

  @Field(() => ID)
  @IsString()
  stageId!: string;
}
