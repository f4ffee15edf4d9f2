import { ArgsType, Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../common/graphql/connection';

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

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @Type(() => Date)
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
