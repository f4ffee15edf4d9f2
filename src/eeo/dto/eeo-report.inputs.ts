import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';

@InputType({ description: 'One requisition; a stage of it and an application window narrow it.' })
export class EeoReportFilterInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(100)
  requisitionId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only applications that entered this stage (created in it or moved into it), whether they are still there or moved on.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  stageId?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Applications that applied at or after it.' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Applications that applied before it.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}
