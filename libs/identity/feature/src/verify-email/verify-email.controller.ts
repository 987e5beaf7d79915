import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { VerifyEmailCommand } from './verify-email.command.js';
import { VerifyEmailDto } from './verify-email.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class VerifyEmailController {
  constructor(private readonly commands: CommandBus) {}

  /** 204 once verified; 400 for an unknown, spent or expired token. */
  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  async verifyEmail(@Body() body: VerifyEmailDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new VerifyEmailCommand(body.token, context));
  }
}
