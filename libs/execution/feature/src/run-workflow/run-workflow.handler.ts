import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ExecutionMode } from '@weft/execution-domain';
import { UserError } from '@weft/kernel';
import { ExecutionCatalog } from '../executions/execution-catalog.js';
import { ExecutionEngine } from '../executions/execution-engine.js';
import { inputItems, manualStartNode } from '../executions/execution-requests.js';
import { Executions } from '../executions/executions.service.js';
import { finishedView } from './finished-view.js';
import { type RunWorkflowResult, RunWorkflowCommand } from './run-workflow.command.js';

const workflowNotFound = () => new UserError('not_found', 'workflow.not_found', 'No such workflow.');

/**
 * The newest version (the one being edited), from its manualTrigger (or first trigger),
 * under the authority of who saved it: the run does what its author built, with what its
 * author may use. Recorded as queued before the answer; `wait` answers with the run.
 */
@CommandHandler(RunWorkflowCommand)
export class RunWorkflowHandler implements ICommandHandler<RunWorkflowCommand> {
  constructor(
    private readonly executions: Executions,
    private readonly catalog: ExecutionCatalog,
    private readonly engine: ExecutionEngine,
  ) {}

  async execute({ access, context, workflowId, input, wait }: RunWorkflowCommand): Promise<RunWorkflowResult> {
    const id = workflowId.toLowerCase();
    const runnable = await this.catalog.latest(access.organizationId, id);
    if (runnable === undefined) throw workflowNotFound();
    const mode: ExecutionMode = access.principal.kind === 'apiKey' ? 'api' : 'manual';
    const triggerNodeId = manualStartNode(runnable.workflow, this.engine.registry).id;
    const request = this.executions.request(runnable, {
      mode,
      triggerNodeId,
      items: inputItems(input),
      actorId: access.actorId,
      authorityId: runnable.authorId,
      context,
    });
    const started = await this.executions.start(request, wait);
    if (!('result' in started)) return { finished: false, executionId: started.executionId, status: started.status };
    return { finished: true, execution: finishedView(started.executionId, id, mode, started.result, started.input) };
  }
}
