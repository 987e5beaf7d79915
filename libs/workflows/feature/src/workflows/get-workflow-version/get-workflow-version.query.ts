import { Query } from '@nestjs/cqrs';
import { type WorkflowVersionView } from '@weft/read-model-workflows';

/** Version `version` of a workflow, with its content (restoring it is an update with this content). */
export class GetWorkflowVersionQuery extends Query<WorkflowVersionView> {
  constructor(
    readonly organizationId: string,
    readonly workflowId: string,
    readonly version: number,
  ) {
    super();
  }
}
