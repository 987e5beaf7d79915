import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type TeamView } from '@weft/read-model-tenancy';
import { UpdateTeamCommand } from './update-team.command.js';
import { UpdateTeamDto } from './update-team.dto.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class UpdateTeamController {
  constructor(private readonly commands: CommandBus) {}

  /** Membership is enough to reach it: team leads who are plain members update their team. */
  @Patch(':teamId')
  @RequirePermission('member:read')
  update(
    @Param('teamId') teamId: string,
    @Body() body: UpdateTeamDto,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<TeamView> {
    return this.commands.execute(new UpdateTeamCommand(tenantContextOf(context), access.role, teamId, body));
  }
}
