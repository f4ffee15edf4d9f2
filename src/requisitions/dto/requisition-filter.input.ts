import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../common/graphql/connection';
import { JobLevel, RequisitionStatus } from '../requisition.enums';

@InputType()
export class RequisitionFilter {
  @Field(() => [RequisitionStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(RequisitionStatus, { each: true })
  status?: RequisitionStatus[] | null;

  @Field(() => [JobLevel], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(JobLevel, { each: true })
  level?: JobLevel[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on title or code.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class RequisitionsArgs extends ConnectionArgs {
  @Field(() => RequisitionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequisitionFilter)
  filter?: RequisitionFilter | null;
}
