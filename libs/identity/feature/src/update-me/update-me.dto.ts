import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { USER_NAME_MAX_LENGTH } from '@weft/identity-domain';
import { IsOmittable } from '@weft/http';

/** The body of `PATCH /api/v1/me`; an absent field is left as it is. */
export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: USER_NAME_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(USER_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'One of your organizations, or null.' })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsUUID()
  currentOrganizationId?: string | null;
}
