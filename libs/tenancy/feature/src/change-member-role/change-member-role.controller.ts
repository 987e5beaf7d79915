import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { type MemberView } from '../views/member-views.js';
import { ChangeMemberRoleCommand } from './change-member-role.command.js';
import { ChangeMemberRoleDto } from './change-member-role.dto.js';

@ApiTags('members')
@Controller('api/v1')
export class ChangeMemberRoleController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('orgs/:orgId/members/:userId')
  @RequirePermission('member:manage')
  changeRole(@Param('userId') userId: string, @Body() body: ChangeMemberRoleDto, @RequestContext() context: CommandContext): Promise<MemberView> {
    return this.commands.execute(new ChangeMemberRoleCommand(tenantContextOf(context), userId, body.role));
  }
}
