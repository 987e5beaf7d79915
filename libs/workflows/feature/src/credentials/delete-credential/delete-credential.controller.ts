import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { DeleteCredentialCommand } from './delete-credential.command.js';

@ApiTags('credentials')
@Controller('api/v1/orgs/:orgId/credentials')
export class DeleteCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':credentialId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('credential:manage')
  delete(@Param('credentialId') credentialId: string, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<void> {
    return this.commands.execute(new DeleteCredentialCommand(credentialId, access.role, context));
  }
}
