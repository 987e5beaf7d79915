import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { RemoveTeamMemberCommand } from './remove-team-member.command.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class RemoveTeamMemberController {
  constructor(private readonly commands: CommandBus) {}

  /** Membership is enough to reach it: leads remove members, and anyone may leave a team. */
  @Delete(':teamId/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('member:read')
  removeMember(
    @Param('teamId') teamId: string,
    @Param('userId') userId: string,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<void> {
    return this.commands.execute(new RemoveTeamMemberCommand(tenantContextOf(context), access.role, teamId, userId));
  }
}
