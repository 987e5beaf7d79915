import { Body, Controller, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { UpdateOrganizationCommand } from './update-organization.command.js';
import { UpdateOrganizationDto } from './update-organization.dto.js';

@ApiTags('organizations')
@Controller('api/v1/orgs')
export class UpdateOrganizationController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':orgId')
  @RequirePermission('org:manage')
  update(@Body() body: UpdateOrganizationDto, @RequestContext() context: CommandContext): Promise<OrganizationView> {
    return this.commands.execute(new UpdateOrganizationCommand(tenantContextOf(context), body));
  }
}
