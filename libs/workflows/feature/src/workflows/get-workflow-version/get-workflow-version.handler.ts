import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { type WorkflowVersionView, findWorkflowVersion } from '@weft/read-model-workflows';
import { WorkflowQueryViews } from '../workflow-views.js';
import { GetWorkflowVersionQuery } from './get-workflow-version.query.js';

@QueryHandler(GetWorkflowVersionQuery)
export class GetWorkflowVersionHandler implements IQueryHandler<GetWorkflowVersionQuery> {
  constructor(private readonly views: WorkflowQueryViews) {}

  async execute({ organizationId, workflowId, version }: GetWorkflowVersionQuery): Promise<WorkflowVersionView> {
    const workflow = await this.views.require(organizationId, workflowId);
    const found = await this.views.read(organizationId, (tx) => findWorkflowVersion(tx, workflow.id, version));
    if (found === undefined) throw new UserError('not_found', 'workflow.version_not_found', `Workflow ${workflow.id} has no version ${version}.`);
    return found;
  }
}
