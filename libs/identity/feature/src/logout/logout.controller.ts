import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { LogoutCommand } from './logout.command.js';
import { LogoutDto } from './logout.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class LogoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  async logout(@Body() body: LogoutDto | undefined, @Req() request: FastifyRequest, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new LogoutCommand(body?.refreshToken, bearerOf(request.headers.authorization), context));
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
