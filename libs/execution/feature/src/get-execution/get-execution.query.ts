import { Query } from '@nestjs/cqrs';
import { type ExecutionApiView } from './execution-api-view.js';

/** One execution of the organization with its nodes, as the API shows it. */
export class GetExecutionQuery extends Query<ExecutionApiView> {
  constructor(
    readonly organizationId: string,
    readonly executionId: string,
    /** Read the archive instead of the hot table. */
    readonly archived = false,
  ) {
    super();
  }
}
