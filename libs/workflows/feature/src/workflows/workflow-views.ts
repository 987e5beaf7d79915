import { Inject, Injectable } from '@nestjs/common';
import { Database, type TenantTransaction, withTenant } from '@weft/postgres';
import { type WorkflowView, findWorkflow } from '@weft/read-model-workflows';
import { workflowNotFound } from './workflow-streams.js';

/** The workflows read model, read in the organization's tenant transaction. */
@Injectable()
export class WorkflowViews {
  constructor(@Inject(Database) private readonly db: Database) {}

  read<T>(organizationId: string, query: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.db, organizationId, query);
  }

  /** The workflow as the API shows it; 404 when the organization has no such workflow (or it is deleted). */
  async require(organizationId: string, workflowId: string): Promise<WorkflowView> {
    const workflow = await this.read(organizationId, (tx) => findWorkflow(tx, workflowId.toLowerCase()));
    if (workflow === undefined) throw workflowNotFound();
    return workflow;
  }
}
