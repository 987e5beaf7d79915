import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ORGANIZATION_DESCRIPTION_MAX_LENGTH, ORGANIZATION_NAME_MAX_LENGTH, SLUG_MAX_LENGTH } from '@weft/tenancy-domain';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Acme Corp', maxLength: ORGANIZATION_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ example: 'acme', description: 'Generated from the name when absent (with a numeric suffix on collision); 409 when a given one is taken.' })
  @IsOptional()
  @IsString()
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @ApiPropertyOptional({ maxLength: ORGANIZATION_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(ORGANIZATION_DESCRIPTION_MAX_LENGTH)
  description?: string;
}

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
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: ORGANIZATION_NAME_MAX_LENGTH })
  @IsOptional()
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
