import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/http/page.query';

/** Query string of GET /v1/boards/:slug/jobs. */
export class PublicJobsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '`true` adds description, responsibilities and education.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'content must be true or false' })
  content?: 'true' | 'false';
}
