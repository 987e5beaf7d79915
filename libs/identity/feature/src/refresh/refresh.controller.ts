import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { type AuthResponse } from '../session/auth-response.js';
import { RefreshTokensCommand } from './refresh.command.js';
import { RefreshTokensDto } from './refresh.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class RefreshController {
  constructor(private readonly commands: CommandBus) {}

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  refresh(@Body() body: RefreshTokensDto, @RequestContext() context: CommandContext): Promise<AuthResponse> {
    return this.commands.execute(new RefreshTokensCommand(body.refreshToken, context));
  }
}
