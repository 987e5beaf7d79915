import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type WorkflowVersionView, listWorkflowVersions } from '@weft/read-model-workflows';
import { WorkflowQueryViews } from '../workflow-views.js';
import { ListWorkflowVersionsQuery } from './list-workflow-versions.query.js';

/** 404 for a workflow the organization does not have (or deleted), even though its versions stay. */
@QueryHandler(ListWorkflowVersionsQuery)
export class ListWorkflowVersionsHandler implements IQueryHandler<ListWorkflowVersionsQuery> {
  constructor(private readonly views: WorkflowQueryViews) {}

  async execute({ organizationId, workflowId, limit, cursor }: ListWorkflowVersionsQuery): Promise<Page<WorkflowVersionView>> {
    const workflow = await this.views.require(organizationId, workflowId);
    return this.views.read(organizationId, (tx) => listWorkflowVersions(tx, workflow.id, limit, cursor));
  }
}
