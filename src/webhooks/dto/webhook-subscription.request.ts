import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../../common/http/page.query';
import { WebhookDeliveryStatus } from '../webhook.enums';

/*
 * REST bodies and queries of the webhook routes, validated like their GraphQL inputs. Ids are the API's global ids;
 * a subscription's or delivery's own id is in the path. The schema names are the ones openapi.json publishes.
 */

/** ISO 8601 strings become dates; anything else (numbers, booleans) stays as it is and fails @IsDate. */
const toDate = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : value;

@ApiSchema({ name: 'CreateBody' })
export class CreateWebhookSubscriptionRequest {
  @ApiProperty({ example: 'https://hooks.example.com/requisite' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ type: [String], example: ['application.stage_changed'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  requisitionIds?: string[] | null;
}

@ApiSchema({ name: 'UpdateBody' })
export class UpdateWebhookSubscriptionRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes?: string[] | null;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  requisitionIds?: string[] | null;
}

@ApiSchema({ name: 'ReplayBody' })
export class ReplayWebhookEventsRequest {
  @ApiProperty({ format: 'date-time' })
  @Transform(toDate)
  @IsDate({ message: 'since must be an ISO 8601 date-time' })
  since!: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: 'until must be an ISO 8601 date-time' })
  until?: Date | null;
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WebhookDeliveryStatus })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus, { message: 'status must be PENDING, SUCCEEDED or FAILED' })
  status?: WebhookDeliveryStatus;
}
