import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '@weft/http';
import { ORGANIZATION_DESCRIPTION_MAX_LENGTH, ORGANIZATION_NAME_MAX_LENGTH, SLUG_MAX_LENGTH } from '@weft/tenancy-domain';

/** The body of `POST /api/v1/orgs`. */
export class CreateOrganizationDto {
  @ApiProperty({ example: 'Acme Corp', maxLength: ORGANIZATION_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({
    example: 'acme',
    description: 'Generated from the name when absent (with a numeric suffix on collision); 409 when a given one is taken.',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @ApiPropertyOptional({ maxLength: ORGANIZATION_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(ORGANIZATION_DESCRIPTION_MAX_LENGTH)
  description?: string;
}
