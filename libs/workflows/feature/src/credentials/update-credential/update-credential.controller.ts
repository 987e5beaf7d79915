import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type CredentialView } from '@weft/read-model-workflows';
import { UpdateCredentialCommand } from './update-credential.command.js';
import { UpdateCredentialDto } from './update-credential.dto.js';

@ApiTags('credentials')
@Controller('api/v1/orgs/:orgId/credentials')
export class UpdateCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':credentialId')
  @RequirePermission('credential:manage')
  update(
    @Param('credentialId') credentialId: string,
    @Body() body: UpdateCredentialDto,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<CredentialView> {
    return this.commands.execute(new UpdateCredentialCommand(credentialId, body, access.role, context));
  }
}
