import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@weft/http';
import { CREDENTIAL_TYPES, type CredentialType } from '../encryption/credential-types.js';

/** The query of `GET /api/v1/orgs/{orgId}/credentials`. */
export class ListCredentialsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CREDENTIAL_TYPES })
  @IsOptional()
  @IsIn(CREDENTIAL_TYPES)
  type?: CredentialType;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  q?: string;
}
