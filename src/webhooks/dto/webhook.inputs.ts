import { Field, ID, InputType, Int } from '@nestjs/graphql';
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
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';

/* GraphQL inputs only: REST bodies have their own classes (webhook-subscription.request.ts). Ids are global ids. */

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'https URL that receives POSTs; it must resolve to a public address.' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @Field(() => [String], {
    description: 'Event types such as `application.stage_changed`, or `["*"]` for every type.',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
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
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
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

  @Field(() => GraphQLDateTime, { description: 'Events that occurred at or after this…' })
  @IsDate({ message: 'since must be an ISO 8601 date-time' })
  since!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: '…and before this (default: now).' })
  @IsOptional()
  @IsDate({ message: 'until must be an ISO 8601 date-time' })
  until?: Date | null;
}
