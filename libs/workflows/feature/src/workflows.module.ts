import { type DynamicModule, Module } from '@nestjs/common';
import { WebhookNamespaceAudit } from './workflows/webhook-namespace-audit.js';
import { WorkflowCommands } from './workflows/workflow-commands.js';
import { WORKFLOW_READ_MODELS } from './workflows/workflow-read-models.js';
import { WorkflowsController } from './workflows/workflows.controller.js';
import { Workflows } from './workflows/workflows.service.js';

export interface WorkflowsModuleOptions {
  /**
   * Projections of other contexts a workflow command's answer waits for besides the
   * workflows read model: in the embedded platform the execution catalog, so that a
   * webhook works, and a manual run runs the new version, as soon as the answer arrives.
   */
  readonly alsoWaitFor?: readonly string[];
}

/**
 * The workflows context over HTTP: versioned definitions, publishing, activation with
 * webhook-route reservations, version history and n8n import. Needs `EVENT_STORE`,
 * `Database`, `ReadYourWrites`, `PLAN_LIMITS` and the workflows projection from the process.
 */
@Module({})
export class WorkflowsModule {
  static forRoot(options: WorkflowsModuleOptions = {}): DynamicModule {
    return {
      module: WorkflowsModule,
      controllers: [WorkflowsController],
      providers: [{ provide: WORKFLOW_READ_MODELS, useValue: options.alsoWaitFor ?? [] }, WorkflowCommands, Workflows, WebhookNamespaceAudit],
    };
  }
}
