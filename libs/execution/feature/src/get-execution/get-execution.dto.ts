import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** The query of `GET /api/v1/orgs/{orgId}/executions/{executionId}`. */
export class GetExecutionQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: read the run from the archive (retention moved it there).' })
  @IsOptional()
  @IsIn(['true', 'false'])
  archived?: 'true' | 'false';
}
