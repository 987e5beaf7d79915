import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type N8nWorkflow } from '@weft/engine-nodes';
import { type Page, UserError, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { type WorkflowSummary, type WorkflowVersionView, type WorkflowView, findWorkflowVersion, listWorkflowVersions } from '@weft/read-model-workflows';
import { CreateWorkflowDto, ListWorkflowsQueryDto, UpdateWorkflowDto, VersionedCommandDto } from './workflows.dto.js';
import { Workflows } from './workflows.service.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class WorkflowsController {
  constructor(
    private readonly workflows: Workflows,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('workflow:write')
  create(@Body() body: CreateWorkflowDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<WorkflowView> {
    return this.workflows.create(body, access, request.id);
  }

  /** The body is an n8n export as n8n writes it, so it is not validated against a DTO here; the importer checks it. */
  @Post('import')
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('workflow:write')
  @ApiBody({ schema: { type: 'object', description: 'An n8n workflow export: {name, nodes, connections, settings?}.' } })
  import(@Req() request: FastifyRequest, @OrgAccess() access: OrganizationAccess) {
    return this.workflows.importN8n(request.body as N8nWorkflow & { name?: string }, access, request.id);
  }

  @Get()
  @RequirePermission('workflow:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: ListWorkflowsQueryDto): Promise<Page<WorkflowSummary>> {
    const filter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.tag ? { tag: query.tag } : {}),
      ...(query.teamId ? { teamId: query.teamId } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.isTemplate ? { isTemplate: query.isTemplate === 'true' } : {}),
    };
    return this.workflows.list(access.organizationId, filter, pageLimit(query.limit), query.cursor);
  }

  @Get(':workflowId')
  @RequirePermission('workflow:read')
  get(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess): Promise<WorkflowView> {
    return this.workflows.require(access.organizationId, workflowId);
  }

  @Put(':workflowId')
  @RequirePermission('workflow:write')
  update(@Param('workflowId') workflowId: string, @Body() body: UpdateWorkflowDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<WorkflowView> {
    return this.workflows.update(workflowId, body, access, request.id);
  }

  @Delete(':workflowId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('workflow:write')
  delete(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    return this.workflows.delete(workflowId, access, request.id);
  }

  @Post(':workflowId/publish')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  publish(@Param('workflowId') workflowId: string, @Body() body: VersionedCommandDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<WorkflowView> {
    return this.workflows.publish(workflowId, body?.expectedVersion, access, request.id);
  }

  @Post(':workflowId/archive')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  archive(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<WorkflowView> {
    return this.workflows.archive(workflowId, access, request.id);
  }

  @Post(':workflowId/activate')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  activate(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<WorkflowView> {
    return this.workflows.activate(workflowId, access, request.id);
  }

  @Post(':workflowId/deactivate')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  deactivate(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<WorkflowView> {
    return this.workflows.deactivate(workflowId, access, request.id);
  }

  @Get(':workflowId/versions')
  @RequirePermission('workflow:read')
  async versions(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<WorkflowVersionView>> {
    const workflow = await this.workflows.require(access.organizationId, workflowId);
    const limit = pageLimit(query.limit);
    return withTenant(this.db, access.organizationId, (tx) => listWorkflowVersions(tx, access.organizationId, workflow.id, limit, query.cursor));
  }

  @Get(':workflowId/versions/:version')
  @RequirePermission('workflow:read')
  async version(@Param('workflowId') workflowId: string, @Param('version', ParseIntPipe) version: number, @OrgAccess() access: OrganizationAccess): Promise<WorkflowVersionView> {
    const workflow = await this.workflows.require(access.organizationId, workflowId);
    const found = await withTenant(this.db, access.organizationId, (tx) => findWorkflowVersion(tx, access.organizationId, workflow.id, version));
    if (found === undefined) throw new UserError('not_found', 'workflow.version_not_found', `Workflow ${workflow.id} has no version ${version}.`);
    return found;
  }
}
