import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

/** The query of `GET /api/v1/orgs/{orgId}/workflows/{workflowId}/stats`. */
export class StatsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Window start (queued at or after); default 24 hours ago.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Window end (queued before); default now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
