import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type ImportedWorkflow, ImportWorkflowCommand } from './import-workflow.command.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class ImportWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  /** The body is an n8n export as n8n writes it, so it is not validated against a DTO here; the importer checks it. */
  @Post('import')
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('workflow:write')
  @ApiBody({ schema: { type: 'object', description: 'An n8n workflow export: {name, nodes, connections, settings?}.' } })
  import(@Req() request: FastifyRequest, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<ImportedWorkflow> {
    return this.commands.execute(new ImportWorkflowCommand(request.body, access.role, context));
  }
}
