import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/v1/auth/verify-email`. */
export class VerifyEmailDto {
  @ApiProperty({ description: 'The token of the verification mail (`weft_ev_...`).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token!: string;
}
