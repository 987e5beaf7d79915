import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { DeleteTeamCommand } from './delete-team.command.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class DeleteTeamController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':teamId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('team:manage')
  remove(@Param('teamId') teamId: string, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<void> {
    return this.commands.execute(new DeleteTeamCommand(tenantContextOf(context), access.role, teamId));
  }
}
