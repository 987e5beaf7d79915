import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_KEY_NAME_MAX_LENGTH } from '@weft/identity-domain';

/** The body of `POST /api/v1/orgs/{orgId}/api-keys`. */
export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI deploys', maxLength: API_KEY_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(API_KEY_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working; never when absent.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
