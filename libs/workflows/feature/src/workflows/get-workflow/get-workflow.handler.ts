import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type WorkflowView } from '@weft/read-model-workflows';
import { WorkflowQueryViews } from '../workflow-views.js';
import { GetWorkflowQuery } from './get-workflow.query.js';

@QueryHandler(GetWorkflowQuery)
export class GetWorkflowHandler implements IQueryHandler<GetWorkflowQuery> {
  constructor(private readonly views: WorkflowQueryViews) {}

  execute({ organizationId, workflowId }: GetWorkflowQuery): Promise<WorkflowView> {
    return this.views.require(organizationId, workflowId);
  }
}
