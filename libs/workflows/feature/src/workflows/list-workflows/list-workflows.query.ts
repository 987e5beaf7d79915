import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type WorkflowFilter, type WorkflowSummary } from '@weft/read-model-workflows';

/** The organization's workflows, most recently changed first. */
export class ListWorkflowsQuery extends Query<Page<WorkflowSummary>> {
  constructor(
    readonly organizationId: string,
    readonly filter: WorkflowFilter,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
