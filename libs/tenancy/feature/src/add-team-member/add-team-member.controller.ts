import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type AddedTeamMember, AddTeamMemberCommand } from './add-team-member.command.js';
import { AddTeamMemberDto } from './add-team-member.dto.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class AddTeamMemberController {
  constructor(private readonly commands: CommandBus) {}

  /** Membership is enough to reach it: the Team aggregate lets leads and `team:manage` holders in. */
  @Post(':teamId/members')
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('member:read')
  addMember(
    @Param('teamId') teamId: string,
    @Body() body: AddTeamMemberDto,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<AddedTeamMember> {
    return this.commands.execute(new AddTeamMemberCommand(tenantContextOf(context), access.role, teamId, body));
  }
}
