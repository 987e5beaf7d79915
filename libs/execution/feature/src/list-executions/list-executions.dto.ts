import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@weft/http';
import { API_STATUSES, MODES } from '@weft/read-model-executions';

/** The query of `GET /api/v1/orgs/{orgId}/executions`. */
export class ListExecutionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workflowId?: string;

  @ApiPropertyOptional({ enum: API_STATUSES })
  @IsOptional()
  @IsIn(API_STATUSES)
  status?: (typeof API_STATUSES)[number];

  @ApiPropertyOptional({ enum: MODES })
  @IsOptional()
  @IsIn(MODES)
  mode?: (typeof MODES)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Queued at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Queued before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: the runs retention moved to the archive (kept until EXECUTION_ARCHIVE_DAYS).' })
  @IsOptional()
  @IsIn(['true', 'false'])
  archived?: 'true' | 'false';
}
