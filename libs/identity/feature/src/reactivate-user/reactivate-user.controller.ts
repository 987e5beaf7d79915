import { Controller, Header, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { CurrentPrincipal, type Principal, RequestContext, RequirePlatformRole } from '@weft/http';
import { type AdminUserView } from '../admin-users/admin-user-view.js';
import { ReactivateUserCommand } from './reactivate-user.command.js';

@ApiTags('admin')
@Controller('api/v1/admin/users')
export class ReactivateUserController {
  constructor(private readonly commands: CommandBus) {}

  /** 200 with the account's admin view; the user may log in again. Reactivating an active account changes nothing. */
  @Post(':userId/reactivate')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @RequirePlatformRole('super_admin')
  reactivate(@Param('userId') userId: string, @CurrentPrincipal() principal: Principal, @RequestContext() context: CommandContext): Promise<AdminUserView> {
    return this.commands.execute(new ReactivateUserCommand(userId, principal, context));
  }
}
