import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { type AuthResponse } from '../session/auth-response.js';
import { LoginCommand } from './login.command.js';
import { LoginDto } from './login.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class LoginController {
  constructor(private readonly commands: CommandBus) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  login(@Body() body: LoginDto, @RequestContext() context: CommandContext): Promise<AuthResponse> {
    return this.commands.execute(new LoginCommand({ email: body.email, password: body.password }, context));
  }
}
