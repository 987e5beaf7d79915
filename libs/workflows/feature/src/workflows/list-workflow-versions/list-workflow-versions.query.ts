import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type WorkflowVersionView } from '@weft/read-model-workflows';

/** A workflow's versions, newest first, without their content. */
export class ListWorkflowVersionsQuery extends Query<Page<WorkflowVersionView>> {
  constructor(
    readonly organizationId: string,
    readonly workflowId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
