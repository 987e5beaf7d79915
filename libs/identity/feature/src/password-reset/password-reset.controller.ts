import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { RequestPasswordResetCommand } from './request-password-reset.command.js';
import { RequestPasswordResetDto } from './request-password-reset.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class PasswordResetController {
  constructor(private readonly commands: CommandBus) {}

  /** Always 202 for a well-formed address (a mail follows if it has an account); 429 when asked too often. */
  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  async requestReset(@Body() body: RequestPasswordResetDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new RequestPasswordResetCommand(body.email, context));
  }
}
