import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type TeamView } from '@weft/read-model-tenancy';
import { CreateTeamCommand } from './create-team.command.js';
import { CreateTeamDto } from './create-team.dto.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class CreateTeamController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('team:manage')
  create(@Body() body: CreateTeamDto, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<TeamView> {
    return this.commands.execute(new CreateTeamCommand(tenantContextOf(context), access.role, body));
  }
}
