import { Body, Controller, Patch, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext } from '@weft/http';
import { CurrentUser, JwtAuthGuard } from '../auth/jwt-auth.guard.js';
import { type AuthenticatedUser } from '../auth/jwt.strategy.js';
import { type MeResponse } from '../get-me/get-me.query.js';
import { UpdateMeCommand } from './update-me.command.js';
import { UpdateMeDto } from './update-me.dto.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class UpdateMeController {
  constructor(private readonly commands: CommandBus) {}

  @Patch()
  @UseGuards(JwtAuthGuard)
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateMeDto, @RequestContext() context: CommandContext): Promise<MeResponse> {
    return this.commands.execute(new UpdateMeCommand(user.userId, { name: body.name, currentOrganizationId: body.currentOrganizationId }, context));
  }
}
