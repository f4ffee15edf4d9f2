import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_FEED_PAGE, MAX_FEED_PAGE } from '../event-feed-cursor';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';

@ArgsType()
export class EventsArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Up to ${MAX_FEED_PAGE} events after \`after\`, oldest first (${DEFAULT_FEED_PAGE} when neither \`first\` nor \`last\` is given).`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `The newest events: up to ${MAX_FEED_PAGE} released events before \`before\`, or the newest released events without it; still oldest first. Not with \`first\` or \`after\`.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The `startCursor` of a page: read the events before it (with `last`).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  before?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these event types.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  types?: string[] | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Only events that occurred at or after this.',
  })
  @IsOptional()
  since?: Date | null;
}
