import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type CredentialView } from '@weft/read-model-workflows';
import { CreateCredentialCommand } from './create-credential.command.js';
import { CreateCredentialDto } from './create-credential.dto.js';

@ApiTags('credentials')
@Controller('api/v1/orgs/:orgId/credentials')
export class CreateCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('credential:manage')
  create(@Body() body: CreateCredentialDto, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<CredentialView> {
    return this.commands.execute(new CreateCredentialCommand(body, access.role, context));
  }
}
