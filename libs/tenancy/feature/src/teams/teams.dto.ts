import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOmittable } from '@weft/nest';
import { SLUG_MAX_LENGTH, TEAM_DESCRIPTION_MAX_LENGTH, TEAM_NAME_MAX_LENGTH, TEAM_ROLES, type TeamRole } from '@weft/tenancy-domain';

const COLOR = /^#[0-9a-fA-F]{6}$/;

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

/**
 * Everything of a create but the slug (it never changes), all optional; null only where
 * the create allows it (a description or settings), never for the name.
 */
export class UpdateTeamDto extends PartialType(OmitType(CreateTeamDto, ['slug'] as const), { skipNullProperties: false }) {}

export class AddTeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ enum: TEAM_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(TEAM_ROLES)
  role?: TeamRole;
}
