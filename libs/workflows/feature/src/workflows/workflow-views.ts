import { Inject, Injectable } from '@nestjs/common';
import { Database, QueryDatabase, type TenantReadSource, type TenantTransaction, withTenant } from '@weft/postgres';
import { type WorkflowView, findWorkflow } from '@weft/read-model-workflows';
import { workflowNotFound } from './workflow-streams.js';

/** The workflows read model, read in the organization's tenant transaction on the primary: what commands check and answer with. */
@Injectable()
export class WorkflowViews {
  constructor(@Inject(Database) private readonly db: TenantReadSource) {}

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

/** The same views for the query handlers: read where `QueryDatabase` says (a replica that has the organization's writes). */
@Injectable()
export class WorkflowQueryViews extends WorkflowViews {
  constructor(@Inject(QueryDatabase) queries: QueryDatabase) {
    super(queries);
  }
}
