import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Query string of GET /v1/reports/funnel.csv. */
export class FunnelCsvQuery {
  @ApiProperty({ description: 'The `Requisition` id.' })
  @IsString()
  @MaxLength(128)
  requisitionId!: string;
}

/** Query string of GET /v1/reports/sources.csv: the filter of `hiringReport`, lists comma-separated. */
export class SourcesCsvQuery {
  @ApiPropertyOptional({ description: 'Comma-separated `Requisition` ids.' })
  @IsOptional()
  @IsString()
  @MaxLength(13_000)
  requisitionIds?: string;

  @ApiPropertyOptional({ description: 'Comma-separated departments.' })
  @IsOptional()
  @IsString()
  @MaxLength(12_000)
  departments?: string;

  @ApiPropertyOptional({ description: 'Comma-separated levels, e.g. `SENIOR,STAFF`.' })
  @IsOptional()
  @IsString()
  @Matches(/^(INTERN|JUNIOR|MID|SENIOR|STAFF|PRINCIPAL)(,(INTERN|JUNIOR|MID|SENIOR|STAFF|PRINCIPAL))*$/, {
    message: 'levels must be comma-separated job levels such as SENIOR,STAFF',
  })
  levels?: string;

  @ApiPropertyOptional({ description: 'ISO 8601: applications that applied at or after it.' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601: applications that applied before it.' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}
