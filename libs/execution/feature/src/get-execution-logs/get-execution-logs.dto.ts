import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@weft/http';
import { LOG_LEVELS, type LogLevel } from '@weft/read-model-executions';

/** The query of `GET /api/v1/orgs/{orgId}/executions/{executionId}/logs`. */
export class GetExecutionLogsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LOG_LEVELS, description: 'Only lines of this level and above (debug < info < warn < error); all rows when absent.' })
  @IsOptional()
  @IsIn(LOG_LEVELS)
  level?: LogLevel;
}
