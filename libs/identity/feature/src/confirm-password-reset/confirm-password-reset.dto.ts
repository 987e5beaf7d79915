import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/v1/auth/password-reset/confirm`. */
export class ConfirmPasswordResetDto {
  @ApiProperty({ description: 'The token of the password-reset mail (`weft_pr_...`).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token!: string;

  // Bounded so that nobody makes the KDF hash megabytes; the policy's own limit is 128.
  @ApiProperty({ description: '12 to 128 characters; common passwords, sequences and your email are refused.', format: 'password' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
