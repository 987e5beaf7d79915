import { Body, Controller, Header, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
  refresh(@Body() body: RefreshTokensDto, @Req() request: FastifyRequest): Promise<AuthResponse> {
    return this.commands.execute(new RefreshTokensCommand(body.refreshToken, request.id));
  }
}
