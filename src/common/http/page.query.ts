import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../graphql/connection';

export const queryInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** `?first=&after=` of a cursor-paginated REST list (answered as `{ data, pageInfo: { hasNextPage, endCursor } }`). */
export class PageQuery {
  @ApiPropertyOptional({
    description: `Page size, 1–${MAX_PAGE_SIZE} (default 20).`,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'first must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @ApiPropertyOptional({ description: 'The `pageInfo.endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;
}
