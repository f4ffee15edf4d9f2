import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { JobLevel } from '../../requisitions/requisition.enums';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';

@InputType({ description: 'Every field narrows the report; absent ones do not. Always within reach.' })
export class HiringReportFilterInput {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  requisitionIds?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  departments?: string[] | null;

  @Field(() => [JobLevel], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(JobLevel, { each: true })
  levels?: JobLevel[] | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Applications that applied at or after it.',
  })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Applications that applied before it.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}
