import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../common/graphql/validators';
import { ApiKeyScope } from '../identity.enums';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';
import { ToDate } from '../../common/validation/date-time';

@InputType()
export class CreateApiKeyInput {
  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name!: string;

  @Field(() => [String], { description: 'E.g. ["candidates:read", "applications:write"].' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEnum(ApiKeyScope, {
    each: true,
    message: `each scope must be one of: ${Object.values(ApiKeyScope).join(', ')}`,
  })
  scopes!: ApiKeyScope[];

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @ToDate()
  expiresAt?: Date | null;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID)
  @IsString()
  id!: string;
}
