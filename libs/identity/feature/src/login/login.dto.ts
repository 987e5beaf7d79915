import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The body of `POST /api/v1/auth/login`. */
export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(320)
  email!: string;

  // Bounded so that nobody makes the KDF hash megabytes; the policy's own limit is 128.
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
