import { Body, Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { type Item, type RunResult } from '@weft/engine-core';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/nest';
import { Executions } from '../executions/executions.service.js';

export class RunWorkflowDto {
  @ApiPropertyOptional({ description: "The trigger's output: an object is one item's json, an array one item per element.", oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] })
  @IsOptional()
  input?: unknown;

  @ApiPropertyOptional({ description: 'Answer once the run ended (200 with the execution) instead of at once (202).', default: false })
  @IsOptional()
  @IsBoolean()
  wait?: boolean;
}

export class RunAcceptedDto {
  @ApiProperty() executionId!: string;
  @ApiProperty({ enum: ['running'] }) status!: string;
}

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId/workflows/:workflowId/run')
export class RunsController {
  constructor(private readonly executions: Executions) {}

  @Post()
  @RequirePermission('workflow:execute')
  async run(@Param('workflowId') workflowId: string, @Body() body: RunWorkflowDto, @OrgAccess() access: OrganizationAccess, @Res({ passthrough: true }) reply: FastifyReply) {
    const started = await this.executions.runManually(access, workflowId, body?.input, body?.wait === true);
    if (!('result' in started)) {
      void reply.code(HttpStatus.ACCEPTED);
      return { executionId: started.executionId, status: started.status };
    }
    void reply.code(HttpStatus.OK);
    return finishedView(started.executionId, workflowId.toLowerCase(), access.principal.kind === 'apiKey' ? 'api' : 'manual', started.result, started.input);
  }
}

/** The API's execution shape, straight from the run (the read model may not show it yet). */
export function finishedView(executionId: string, workflowId: string, mode: string, result: RunResult, input: readonly Item[]) {
  const nodes = Object.fromEntries(
    Object.entries(result.runData).map(([nodeId, runs]) => {
      const last = runs.at(-1)!;
      const items = Object.fromEntries(Object.entries(last.outputs).map(([port, portItems]) => [port, portItems.map((item) => item.json)]));
      const itemCount = Object.values(last.outputs).reduce((n, portItems) => n + portItems.length, 0);
      return [nodeId, { status: last.status, startedAt: new Date(last.startedAt).toISOString(), durationMs: last.durationMs, items, itemCount, error: last.error ?? null, runs: runs.length }];
    }),
  );
  return {
    executionId,
    workflowId,
    status: result.status,
    mode,
    startedAt: new Date(result.startedAt).toISOString(),
    finishedAt: result.status === 'waiting' ? null : new Date(result.finishedAt).toISOString(),
    durationMs: result.finishedAt - result.startedAt,
    input: input.map((item) => item.json),
    output: result.lastNodeOutput.map((item) => item.json),
    error: result.error?.message ?? null,
    retryCount: 0,
    nodes,
  };
}
