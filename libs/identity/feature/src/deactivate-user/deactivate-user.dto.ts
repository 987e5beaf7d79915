import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DEACTIVATION_REASON_MAX_LENGTH } from '@weft/identity-domain';

/** The body of `POST /api/v1/admin/users/{userId}/deactivate`. */
export class DeactivateUserDto {
  @ApiPropertyOptional({ maxLength: DEACTIVATION_REASON_MAX_LENGTH, example: 'Left the company', description: 'Kept with the account and in the audit trail.' })
  @IsOptional()
  @IsString()
  @MaxLength(DEACTIVATION_REASON_MAX_LENGTH)
  reason?: string;
}
