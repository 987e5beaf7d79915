import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/v1/auth/refresh`. */
export class RefreshTokensDto {
  @ApiProperty({ description: 'The refresh token of the last pair (weft_rt_...); each one works once.' })
  @IsString()
  @MaxLength(256)
  refreshToken!: string;
}
