import { Query } from '@nestjs/cqrs';
import { type WorkflowView } from '@weft/read-model-workflows';

/** One workflow of the organization with its current definition and activation. */
export class GetWorkflowQuery extends Query<WorkflowView> {
  constructor(
    readonly organizationId: string,
    readonly workflowId: string,
  ) {
    super();
  }
}
