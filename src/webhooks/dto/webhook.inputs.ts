import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';

/** ISO 8601 strings become dates; anything else (numbers, booleans) stays as it is and fails @IsDate. */
const toDate = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : value;
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'https URL that receives POSTs; it must resolve to a public address.' })
  @ApiProperty({ example: 'https://hooks.example.com/requisite' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @Field(() => [String], {
    description: 'Event types such as `application.stage_changed`, or `["*"]` for every type.',
  })
  @ApiProperty({ type: [String], example: ['application.stage_changed'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events about these requisitions (empty or omitted: all).',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  requisitionIds?: string[] | null;
}

@InputType()
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the change (STALE_VERSION) unless this is the current version.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Replaces the list; `[]` delivers events of every requisition.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  requisitionIds?: string[] | null;
}

@InputType()
export class WebhookSubscriptionIdInput {
  @Field(() => ID)
  @IsString()
  id!: string;
}

@InputType()
export class RedeliverWebhookDeliveryInput {
  @Field(() => ID)
  @IsString()
  deliveryId!: string;
}

@InputType()
export class ReplayWebhookEventsInput {
  @Field(() => ID)
  @IsString()
  subscriptionId!: string;

  @Field(() => GraphQLISODateTime, { description: 'Events that occurred at or after this…' })
  @ApiProperty({ format: 'date-time' })
  @Transform(toDate)
  @IsDate({ message: 'since must be an ISO 8601 date-time' })
  since!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: '…and before this (default: now).' })
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: 'until must be an ISO 8601 date-time' })
  until?: Date | null;
}
