import { Body, Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type FinishedExecutionView } from './finished-view.js';
import { RunWorkflowCommand } from './run-workflow.command.js';
import { RunWorkflowDto } from './run-workflow.dto.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId/workflows/:workflowId/run')
export class RunWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  /** 202 `{executionId, status}` once the run is recorded; `wait: true`: 200 the finished execution. */
  @Post()
  @RequirePermission('workflow:execute')
  async run(
    @Param('workflowId') workflowId: string,
    @Body() body: RunWorkflowDto,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FinishedExecutionView | { executionId: string; status: 'running' }> {
    const outcome = await this.commands.execute(new RunWorkflowCommand(access, context, workflowId, body?.input, body?.wait === true));
    void reply.code(outcome.finished ? HttpStatus.OK : HttpStatus.ACCEPTED);
    return outcome.finished ? outcome.execution : { executionId: outcome.executionId, status: outcome.status };
  }
}
