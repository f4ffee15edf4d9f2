import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsNotBlank } from '../../common/graphql/validators';
import { StageKind } from '../pipeline.enums';

@InputType()
export class AddPipelineStageInput {
  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field()
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(80)
  name!: string;

  @Field(() => StageKind, { defaultValue: StageKind.CUSTOM })
  @IsEnum(StageKind)
  kind: StageKind = StageKind.CUSTOM;

  @Field(() => Int, {
    nullable: true,
    description: 'Where to insert, from 0; by default just before the HIRED stage.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  position?: number | null;

  @Field(() => Int, { nullable: true, description: "The requisition's version." })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class UpdatePipelineStageInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(80)
  name?: string;

  @Field(() => StageKind, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsEnum(StageKind)
  kind?: StageKind;

  @Field(() => Int, { nullable: true, description: "The requisition's version." })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class ReorderPipelineStagesInput {
  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field(() => [ID], { description: 'Every stage of the requisition, in the new order.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  stageIds!: string[];

  @Field(() => Int, { nullable: true, description: "The requisition's version." })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class RemovePipelineStageInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Required when the stage holds applications.' })
  @IsOptional()
  @IsString()
  moveApplicationsToStageId?: string | null;

  @Field(() => Int, { nullable: true, description: "The requisition's version." })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
