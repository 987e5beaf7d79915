import { Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, JwtAuthGuard } from '../auth/jwt-auth.guard.js';
import { type AuthenticatedUser } from '../auth/jwt.strategy.js';
import { ResendVerificationCommand } from './resend-verification.command.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth')
export class ResendVerificationController {
  constructor(private readonly commands: CommandBus) {}

  /** 202: a new token is mailed unless the address is already verified; 429 when asked too often. */
  @Post('verify-email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(JwtAuthGuard)
  async resend(@CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest): Promise<void> {
    await this.commands.execute(new ResendVerificationCommand(user.userId, request.ip, request.id));
  }
}
