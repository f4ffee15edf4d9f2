import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsNotBlank } from '../../common/graphql/validators';
import { UserRole } from '../identity.enums';

const PASSWORD_MIN = 12;

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => UserRole)
  @IsEnum(UserRole)
  role!: UserRole;

  @Field(() => String, {
    nullable: true,
    description: `At least ${PASSWORD_MIN} characters; omit for OIDC-only accounts.`,
  })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(200)
  password?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @Field(() => UserRole, { nullable: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsEnum(UserRole)
  role?: UserRole;

  @Field(() => Boolean, { nullable: true, description: 'true reactivates a deactivated user.' })
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean()
  active?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'A new password; access tokens issued before it are refused from the next request on.',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(200)
  password?: string;
}

@InputType()
export class UserIdInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
