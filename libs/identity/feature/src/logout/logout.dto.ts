import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/v1/auth/logout`; without it, the bearer access token names the session. */
export class LogoutDto {
  @ApiPropertyOptional({ description: 'A refresh token of the session to end.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  refreshToken?: string;
}
