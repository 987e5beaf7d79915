import { Body, Controller, Header, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { CurrentPrincipal, type Principal, RequestContext, RequirePlatformRole } from '@weft/http';
import { type AdminUserView } from '../admin-users/admin-user-view.js';
import { DeactivateUserCommand } from './deactivate-user.command.js';
import { DeactivateUserDto } from './deactivate-user.dto.js';

@ApiTags('admin')
@Controller('api/v1/admin/users')
export class DeactivateUserController {
  constructor(private readonly commands: CommandBus) {}

  /** 200 with the account's admin view once its tokens, sessions and API keys no longer work; repeating it changes nothing. */
  @Post(':userId/deactivate')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @RequirePlatformRole('super_admin')
  deactivate(
    @Param('userId') userId: string,
    @Body() body: DeactivateUserDto,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CommandContext,
  ): Promise<AdminUserView> {
    return this.commands.execute(new DeactivateUserCommand(userId, body.reason, principal, context));
  }
}
