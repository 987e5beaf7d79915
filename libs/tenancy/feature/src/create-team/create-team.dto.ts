import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsOmittable } from '@weft/http';
import { SLUG_MAX_LENGTH, TEAM_DESCRIPTION_MAX_LENGTH, TEAM_NAME_MAX_LENGTH } from '@weft/tenancy-domain';

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** The body of `POST /api/v1/orgs/{orgId}/teams`. */
export class CreateTeamDto {
  @ApiProperty({ example: 'Platform', maxLength: TEAM_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEAM_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ description: 'Unique in the organization; generated from the name when absent.' })
  @IsOmittable()
  @IsString()
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @ApiPropertyOptional({ maxLength: TEAM_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(TEAM_DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiPropertyOptional({ example: '#6366f1' })
  @IsOmittable()
  @Matches(COLOR, { message: 'color must be #rrggbb' })
  color?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}
