import { Module } from '@nestjs/common';
import { WorkflowCommands } from './workflows/workflow-commands.js';
import { WorkflowsController } from './workflows/workflows.controller.js';
import { Workflows } from './workflows/workflows.service.js';

/**
 * The workflows context over HTTP: versioned definitions, publishing, activation with
 * webhook-route reservations, version history and n8n import. Needs `EVENT_STORE`,
 * `Database`, `ReadYourWrites` and the workflows projection from the process.
 */
@Module({
  controllers: [WorkflowsController],
  providers: [WorkflowCommands, Workflows],
})
export class WorkflowsModule {}
