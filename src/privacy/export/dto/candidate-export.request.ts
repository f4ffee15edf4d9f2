import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** Query string of GET /v1/candidates/:id/export. */
export class CandidateExportQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'Adds `selfIdentification`, the candidate’s voluntary EEO answers (administrators only: `eeo:read`). Default `false`: the export leaves them out.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeSelfIdentification must be true or false.' })
  includeSelfIdentification?: 'true' | 'false';
}
