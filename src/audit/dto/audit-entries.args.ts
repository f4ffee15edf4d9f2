import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../common/graphql/connection';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';
import { ToDate } from '../../common/validation/date-time';

@InputType()
export class AuditEntryFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'E.g. "user:<uuid>".' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  actor?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @ToDate()
  since?: Date | null;
}

@ArgsType()
export class AuditEntriesArgs extends ConnectionArgs {
  @Field(() => AuditEntryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditEntryFilter)
  filter?: AuditEntryFilter | null;
}
