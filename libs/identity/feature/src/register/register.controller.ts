import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { type AuthResponse } from '../session/auth-response.js';
import { RegisterUserCommand } from './register-user.command.js';
import { RegisterUserDto } from './register-user.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class RegisterController {
  constructor(private readonly commands: CommandBus) {}

  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  register(@Body() body: RegisterUserDto, @RequestContext() context: CommandContext): Promise<AuthResponse> {
    return this.commands.execute(new RegisterUserCommand({ name: body.name, email: body.email, password: body.password }, context));
  }
}
