import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type WorkflowSummary, listWorkflows } from '@weft/read-model-workflows';
import { WorkflowQueryViews } from '../workflow-views.js';
import { ListWorkflowsQuery } from './list-workflows.query.js';

@QueryHandler(ListWorkflowsQuery)
export class ListWorkflowsHandler implements IQueryHandler<ListWorkflowsQuery> {
  constructor(private readonly views: WorkflowQueryViews) {}

  execute({ organizationId, filter, limit, cursor }: ListWorkflowsQuery): Promise<Page<WorkflowSummary>> {
    return this.views.read(organizationId, (tx) => listWorkflows(tx, filter, limit, cursor));
  }
}
