import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { ConfirmPasswordResetCommand } from './confirm-password-reset.command.js';
import { ConfirmPasswordResetDto } from './confirm-password-reset.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class ConfirmPasswordResetController {
  constructor(private readonly commands: CommandBus) {}

  /** 204 once the password is replaced and every session ended; 400 for a bad token or a weak password. */
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  async confirm(@Body() body: ConfirmPasswordResetDto, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ConfirmPasswordResetCommand({ token: body.token, password: body.password }, context));
  }
}
