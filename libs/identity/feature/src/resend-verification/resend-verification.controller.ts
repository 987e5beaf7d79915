import { Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
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
  async resend(@CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ResendVerificationCommand(user.userId, context));
  }
}
