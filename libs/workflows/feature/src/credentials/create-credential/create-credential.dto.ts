import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { CREDENTIAL_NAME_MAX_LENGTH } from '@weft/workflows-domain';
import { CREDENTIAL_TYPES, type CredentialType } from '../encryption/credential-types.js';
import { type CreateCredentialInput } from './create-credential.command.js';

// Shapes only; `data` is checked against its type's schema by the handler (422 naming
// the fields, never their values).

/** The body of `POST /api/v1/orgs/{orgId}/credentials`. */
export class CreateCredentialDto implements CreateCredentialInput {
  @ApiProperty({ maxLength: CREDENTIAL_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CREDENTIAL_NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: CREDENTIAL_TYPES })
  @IsIn(CREDENTIAL_TYPES)
  type!: CredentialType;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The secret, per the type's schema (docs/credentials.md). Encrypted at rest; never returned.",
  })
  @IsObject()
  data!: Record<string, unknown>;

  @ApiPropertyOptional({ description: "Usable by every workflow of the organization; otherwise only by its owner's.", default: false })
  @IsOptional()
  @IsBoolean()
  isShared?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'After this instant a run using the credential fails with a message saying so.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
