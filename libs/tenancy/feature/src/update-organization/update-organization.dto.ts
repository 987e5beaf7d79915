import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOmittable } from '@weft/http';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, ORGANIZATION_DESCRIPTION_MAX_LENGTH, ORGANIZATION_NAME_MAX_LENGTH } from '@weft/tenancy-domain';

/** The preferences part of `settings` a member may change; limits and features come from the plan. */
export class OrganizationPreferencesDto {
  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'An IANA time zone.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ example: 'en' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  language?: string;

  @ApiPropertyOptional({ enum: ['light', 'dark', 'system'] })
  @IsOptional()
  @IsIn(['light', 'dark', 'system'])
  theme?: 'light' | 'dark' | 'system';

  // The retention values are checked by the Organization aggregate (with the current
  // settings: logs no longer than executions), as a 422 organization.retention_invalid.
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: MIN_RETENTION_DAYS,
    maximum: MAX_RETENTION_DAYS,
    example: 30,
    description:
      'Days this organization’s execution data (runs, stored payloads) is kept; null or absent = the platform default (EXECUTION_RETENTION_DAYS, 90).',
  })
  @Allow()
  executionRetentionDays?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: MIN_RETENTION_DAYS,
    maximum: MAX_RETENTION_DAYS,
    example: 7,
    description:
      'Days this organization’s node logs are kept, not longer than its execution retention; null or absent = the platform default (EXECUTION_LOG_RETENTION_DAYS, 30).',
  })
  @Allow()
  executionLogRetentionDays?: number | null;
}

/** The body of `PATCH /api/v1/orgs/{orgId}`. */
export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: ORGANIZATION_NAME_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ maxLength: ORGANIZATION_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(ORGANIZATION_DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiPropertyOptional({ type: OrganizationPreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrganizationPreferencesDto)
  settings?: OrganizationPreferencesDto;
}
