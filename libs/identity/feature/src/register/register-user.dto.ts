import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { USER_NAME_MAX_LENGTH } from '@weft/identity-domain';

/** The body of `POST /api/v1/auth/register`. Format and policy checks beyond types are the domain's. */
export class RegisterUserDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: USER_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(USER_NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ description: '12 to 128 characters; common passwords, sequences and your email are refused.', format: 'password' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
