import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
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

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only shared (true) or only private (false) credentials.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  shared?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'date-time', description: 'Only credentials that expire before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresBefore?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only credentials no run has used since this instant (never used included).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  unusedSince?: string;
}
