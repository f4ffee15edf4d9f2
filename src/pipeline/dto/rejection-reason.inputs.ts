import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { ConnectionArgs } from '../../common/graphql/connection';
import { IsNotBlank } from '../../common/graphql/validators';
import { RejectionCategory } from '../pipeline.enums';

@ArgsType()
export class RejectionReasonsArgs extends ConnectionArgs {
  @Field(() => RejectionCategory, { nullable: true })
  @IsOptional()
  @IsEnum(RejectionCategory)
  category?: RejectionCategory | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Also the deactivated ones.' })
  @IsOptional()
  @IsBoolean()
  includeInactive?: boolean | null;
}

@InputType()
export class CreateRejectionReasonInput {
  @Field()
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(120)
  name!: string;

  @Field(() => RejectionCategory)
  @IsEnum(RejectionCategory)
  category!: RejectionCategory;
}

@InputType({ description: 'Absent fields stay as they are. Reasons are never deleted: deactivate them.' })
export class UpdateRejectionReasonInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotBlank({ message: 'name must not be empty' })
  @MaxLength(120)
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
