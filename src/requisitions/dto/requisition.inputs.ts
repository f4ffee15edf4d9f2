import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '../../common/graphql/validators';
import { LocationInput } from '../../common/graphql/location.model';
import { EmploymentType, JobLevel, SalaryPeriod, SkillImportance, WorkplaceType } from '../requisition.enums';

@InputType()
export class SalaryRangeInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  min!: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  max!: number;

  @Field({ description: 'ISO 4217 code, e.g. "USD".' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as "USD"' })
  currency!: string;

  @Field(() => SalaryPeriod, { defaultValue: SalaryPeriod.YEAR })
  @IsEnum(SalaryPeriod)
  period: SalaryPeriod = SalaryPeriod.YEAR;
}

@InputType()
export class RequisitionSkillInput {
  @Field({
    description: 'Any spelling: normalised through the taxonomy ("torch" → PyTorch); new names are added.',
  })
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(80)
  name!: string;

  @Field(() => SkillImportance, { defaultValue: SkillImportance.REQUIRED })
  @IsEnum(SkillImportance)
  importance: SkillImportance = SkillImportance.REQUIRED;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(60)
  minYears?: number | null;
}

const TITLE_MAX = 200;

@InputType()
export class CreateRequisitionInput {
  @Field()
  @IsString()
  @IsNotBlank({ message: 'title must not be empty' })
  @MaxLength(TITLE_MAX)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string | null;

  @Field(() => JobLevel)
  @IsEnum(JobLevel)
  level!: JobLevel;

  @Field(() => EmploymentType, { defaultValue: EmploymentType.FULL_TIME })
  @IsEnum(EmploymentType)
  employmentType: EmploymentType = EmploymentType.FULL_TIME;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  headcount = 1;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  department?: string | null;

  @Field(() => WorkplaceType)
  @IsEnum(WorkplaceType)
  workplaceType!: WorkplaceType;

  @Field(() => [LocationInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LocationInput)
  locations: LocationInput[] = [];

  @Field(() => SalaryRangeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SalaryRangeInput)
  salaryRange?: SalaryRangeInput | null;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotBlank({ each: true, message: 'responsibilities must not contain empty entries' })
  @MaxLength(1000, { each: true })
  responsibilities: string[] = [];

  @Field(() => [RequisitionSkillInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RequisitionSkillInput)
  skills: RequisitionSkillInput[] = [];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  educationRequirement?: string | null;
}

/** Every field but `id` is optional: absent fields stay as they are; `salaryRange: null` removes the range. */
@InputType()
export class UpdateRequisitionInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the change (STALE_VERSION) unless this is the version.',
  })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotBlank({ message: 'title must not be empty' })
  @MaxLength(TITLE_MAX)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string | null;

  @Field(() => JobLevel, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsEnum(JobLevel)
  level?: JobLevel;

  @Field(() => EmploymentType, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsEnum(EmploymentType)
  employmentType?: EmploymentType;

  @Field(() => Int, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(1)
  @Max(1000)
  headcount?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  department?: string | null;

  @Field(() => WorkplaceType, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsEnum(WorkplaceType)
  workplaceType?: WorkplaceType;

  @Field(() => [LocationInput], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LocationInput)
  locations?: LocationInput[];

  @Field(() => SalaryRangeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SalaryRangeInput)
  salaryRange?: SalaryRangeInput | null;

  @Field(() => [String], { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotBlank({ each: true, message: 'responsibilities must not contain empty entries' })
  @MaxLength(1000, { each: true })
  responsibilities?: string[];

  @Field(() => [RequisitionSkillInput], {
    nullable: true,
    description: 'Replaces the whole list when given.',
  })
  @ValidateIf((_, v) => v !== undefined)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RequisitionSkillInput)
  skills?: RequisitionSkillInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  educationRequirement?: string | null;
}

@InputType()
export class RequisitionStatusInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why, for the history and the event.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}
