import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { CREDENTIAL_NAME_MAX_LENGTH } from '@weft/workflows-domain';
import { type UpdateCredentialInput } from './update-credential.command.js';

/** The body of `PATCH .../credentials/{credentialId}`; `data` is checked against the credential's type by the handler. */
export class UpdateCredentialDto implements UpdateCredentialInput {
  @ApiPropertyOptional({ maxLength: CREDENTIAL_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CREDENTIAL_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces the whole secret (same type).' })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
