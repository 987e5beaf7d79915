import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, ValidateBy } from 'class-validator';
import { SINCE_ALONE_RULE, SINCE_MAX_DAYS, SINCE_RULE, sinceMs } from './stats-window.js';

/** A duration `since` accepts: `90m`, `24h`, `7d`, at most SINCE_MAX_DAYS days. */
const IsSinceDuration = () =>
  ValidateBy({
    name: 'isSinceDuration',
    validator: { validate: (value) => typeof value === 'string' && sinceMs(value) !== undefined, defaultMessage: () => SINCE_RULE },
  });

/** `since` alone: a window is either `since` or `from`/`to`. */
const IsWithoutFromTo = () =>
  ValidateBy({
    name: 'isWithoutFromTo',
    validator: {
      validate: (_value, args) => (['from', 'to'] as const).every((field) => (args?.object as StatsQueryDto | undefined)?.[field] === undefined),
      defaultMessage: () => SINCE_ALONE_RULE,
    },
  });

/** The query of `GET /api/v1/orgs/{orgId}/workflows/{workflowId}/stats`: `since`, or `from`/`to`. */
export class StatsQueryDto {
  @ApiPropertyOptional({
    pattern: '^[1-9][0-9]*[mhd]$',
    example: '24h',
    description: `Window: the runs queued in the last \`since\` up to now, in minutes (m), hours (h) or days (d), at most ${SINCE_MAX_DAYS} days. Not with from/to.`,
  })
  @IsOptional()
  @IsSinceDuration()
  @IsWithoutFromTo()
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Window start (queued at or after); default 24 hours before `to`.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Window end (queued before); default now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
