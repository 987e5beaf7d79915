import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { UserError, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { API_STATUSES, MODES, type ExecutionFilter, type ExecutionView, executionLogs, executionStats, findExecution, listExecutions } from '@weft/read-model-executions';
import { Executions } from '../executions/executions.service.js';

export class ListExecutionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workflowId?: string;

  @ApiPropertyOptional({ enum: API_STATUSES })
  @IsOptional()
  @IsIn(API_STATUSES)
  status?: (typeof API_STATUSES)[number];

  @ApiPropertyOptional({ enum: MODES })
  @IsOptional()
  @IsIn(MODES)
  mode?: (typeof MODES)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Queued at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Queued before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class StatsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Window start (queued at or after); default 24 hours ago.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Window end (queued before); default now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

const notFound = () => new UserError('not_found', 'execution.not_found', 'No such execution.');

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class ExecutionsController {
  constructor(
    private readonly executions: Executions,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Get('executions')
  @RequirePermission('workflow:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: ListExecutionsQueryDto) {
    const filter: ExecutionFilter = {
      ...(query.workflowId ? { workflowId: query.workflowId.toLowerCase() } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.mode ? { mode: query.mode } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    };
    const { organizationId } = access;
    return withTenant(this.db, organizationId, (tx) => listExecutions(tx, organizationId, filter, pageLimit(query.limit), query.cursor));
  }

  @Get('executions/:executionId')
  @RequirePermission('workflow:read')
  async get(@Param('executionId') executionId: string, @OrgAccess() access: OrganizationAccess) {
    const { organizationId } = access;
    const execution = await withTenant(this.db, organizationId, (tx) => findExecution(tx, organizationId, executionId.toLowerCase()));
    if (execution === undefined) throw notFound();
    return apiView(execution);
  }

  @Get('executions/:executionId/logs')
  @RequirePermission('workflow:read')
  async logs(@Param('executionId') executionId: string, @OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto) {
    const { organizationId } = access;
    const page = await withTenant(this.db, organizationId, (tx) => executionLogs(tx, organizationId, executionId.toLowerCase(), pageLimit(query.limit), query.cursor));
    if (page === undefined) throw notFound();
    return page;
  }

  @Post('executions/:executionId/cancel')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:execute')
  async cancel(@Param('executionId') executionId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest) {
    await this.executions.existing(access.organizationId, executionId);
    await this.executions.cancel(access, executionId, request.id);
    return { executionId: executionId.toLowerCase(), status: 'canceled' };
  }

  @Post('executions/:executionId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission('workflow:execute')
  retry(@Param('executionId') executionId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest) {
    return this.executions.retry(access, executionId, request.id);
  }

  /** The monitoring query: totals, success rate, average/min/max duration over a window. */
  @Get('workflows/:workflowId/stats')
  @RequirePermission('workflow:read')
  stats(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Query() query: StatsQueryDto) {
    const to = query.to ?? new Date().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - 86_400_000).toISOString();
    const { organizationId } = access;
    return withTenant(this.db, organizationId, (tx) => executionStats(tx, organizationId, { workflowId: workflowId.toLowerCase(), from, to }));
  }
}

const jsonOf = (items: readonly unknown[] | null) => items?.map((item) => (item as { json?: unknown }).json ?? item) ?? null;

/** Items as the API shows them: their json (binary data and pairing stay in the records). */
function apiView(execution: ExecutionView) {
  const nodes = Object.fromEntries(
    Object.entries(execution.nodes).map(([nodeId, node]) => [nodeId, { ...node, items: node.items === null ? null : Object.fromEntries(Object.entries(node.items).map(([port, items]) => [port, jsonOf(items)])) }]),
  );
  return { ...execution, input: jsonOf(execution.input), output: jsonOf(execution.output), nodes };
}
