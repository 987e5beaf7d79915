import { type DynamicModule, Module } from '@nestjs/common';
import { APPLICATION_BUSES } from '@weft/nest';
import { ActivateWorkflowController } from './activate-workflow/activate-workflow.controller.js';
import { ActivateWorkflowHandler } from './activate-workflow/activate-workflow.handler.js';
import { ArchiveWorkflowController } from './archive-workflow/archive-workflow.controller.js';
import { ArchiveWorkflowHandler } from './archive-workflow/archive-workflow.handler.js';
import { CreateWorkflowController } from './create-workflow/create-workflow.controller.js';
import { CreateWorkflowHandler } from './create-workflow/create-workflow.handler.js';
import { DeactivateWorkflowController } from './deactivate-workflow/deactivate-workflow.controller.js';
import { DeactivateWorkflowHandler } from './deactivate-workflow/deactivate-workflow.handler.js';
import { DeleteWorkflowController } from './delete-workflow/delete-workflow.controller.js';
import { DeleteWorkflowHandler } from './delete-workflow/delete-workflow.handler.js';
import { GetWorkflowVersionController } from './get-workflow-version/get-workflow-version.controller.js';
import { GetWorkflowVersionHandler } from './get-workflow-version/get-workflow-version.handler.js';
import { GetWorkflowController } from './get-workflow/get-workflow.controller.js';
import { GetWorkflowHandler } from './get-workflow/get-workflow.handler.js';
import { ImportWorkflowController } from './import-workflow/import-workflow.controller.js';
import { ImportWorkflowHandler } from './import-workflow/import-workflow.handler.js';
import { ListWorkflowVersionsController } from './list-workflow-versions/list-workflow-versions.controller.js';
import { ListWorkflowVersionsHandler } from './list-workflow-versions/list-workflow-versions.handler.js';
import { ListWorkflowsController } from './list-workflows/list-workflows.controller.js';
import { ListWorkflowsHandler } from './list-workflows/list-workflows.handler.js';
import { PublishWorkflowController } from './publish-workflow/publish-workflow.controller.js';
import { PublishWorkflowHandler } from './publish-workflow/publish-workflow.handler.js';
import { UpdateWorkflowController } from './update-workflow/update-workflow.controller.js';
import { UpdateWorkflowHandler } from './update-workflow/update-workflow.handler.js';
import { WebhookNamespaceAudit } from './webhook-namespace-audit.js';
import { WebhookReservations } from './webhook-reservations.js';
import { WORKFLOW_READ_MODELS } from './workflow-read-models.js';
import { WorkflowSlugs } from './workflow-slugs.js';
import { WorkflowStreams } from './workflow-streams.js';
import { WorkflowQueryViews, WorkflowViews } from './workflow-views.js';

export interface WorkflowsModuleOptions {
  /**
   * Projections of other contexts a workflow command's answer waits for besides the
   * workflows read model: in the embedded platform the execution catalog, so that a
   * webhook works, and a manual run runs the new version, as soon as the answer arrives.
   */
  readonly alsoWaitFor?: readonly string[];
}

// In the order the routes are documented (the OpenAPI document lists them so).
const controllers = [
  CreateWorkflowController,
  ImportWorkflowController,
  ListWorkflowsController,
  GetWorkflowController,
  UpdateWorkflowController,
  DeleteWorkflowController,
  PublishWorkflowController,
  ArchiveWorkflowController,
  ActivateWorkflowController,
  DeactivateWorkflowController,
  ListWorkflowVersionsController,
  GetWorkflowVersionController,
];

const handlers = [
  CreateWorkflowHandler,
  ImportWorkflowHandler,
  UpdateWorkflowHandler,
  PublishWorkflowHandler,
  ArchiveWorkflowHandler,
  ActivateWorkflowHandler,
  DeactivateWorkflowHandler,
  DeleteWorkflowHandler,
  ListWorkflowsHandler,
  GetWorkflowHandler,
  ListWorkflowVersionsHandler,
  GetWorkflowVersionHandler,
];

/**
 * The workflows context over HTTP: versioned definitions, publishing, activation with
 * webhook-route reservations, version history and n8n import, one folder per use case.
 * Needs `EVENT_STORE`, `Database`, `QueryDatabase`, `ReadYourWrites`, `PLAN_LIMITS`,
 * `ORGANIZATION_DIRECTORY`, the workflows projection and `CredentialsModule` (the
 * credential-use policy) from the process.
 */
@Module({})
export class WorkflowsModule {
  static forRoot(options: WorkflowsModuleOptions = {}): DynamicModule {
    return {
      module: WorkflowsModule,
      imports: [APPLICATION_BUSES],
      controllers,
      providers: [
        { provide: WORKFLOW_READ_MODELS, useValue: options.alsoWaitFor ?? [] },
        WorkflowStreams,
        WorkflowViews,
        WorkflowQueryViews,
        WorkflowSlugs,
        WebhookReservations,
        WebhookNamespaceAudit,
        ...handlers,
      ],
    };
  }
}
