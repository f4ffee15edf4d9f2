import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../common/graphql/connection';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** Query string of GET /v1/boards/:slug/jobs. */
export class PublicJobsQuery {
  @ApiPropertyOptional({
    description: `Page size, 1–${MAX_PAGE_SIZE} (default 20).`,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'first must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @ApiPropertyOptional({ description: 'The `pageInfo.endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '`true` adds description, responsibilities and education.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'content must be true or false' })
  content?: 'true' | 'false';
}
