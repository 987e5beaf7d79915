import { Inject, Injectable } from '@nestjs/common';
import { withTenantEm } from '@weft/orm';
import { Database, QueryDatabase, type TenantReadSource, type TenantTransaction, withTenant } from '@weft/postgres';
import { type CredentialView, findCredential } from '@weft/read-model-workflows';
import { credentialNotFound } from './credential-streams.js';
import { WorkflowsOrm } from './workflows-orm.js';

/** The credentials read model (metadata only), read in the organization's tenant transaction on the primary: what commands check and answer with. */
@Injectable()
export class CredentialViews {
  constructor(
    @Inject(Database) private readonly db: TenantReadSource,
    private readonly orm: WorkflowsOrm,
  ) {}

  read<T>(organizationId: string, query: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.db, organizationId, query);
  }

  /** The credential as the API shows it; 404 when the organization has no such credential (or it is deleted). */
  async require(organizationId: string, credentialId: string): Promise<CredentialView> {
    const orm = await this.orm.get();
    const credential = await withTenantEm(this.db, orm, organizationId, (em) => findCredential(em, credentialId.toLowerCase()));
    if (credential === undefined) throw credentialNotFound();
    return credential;
  }
}

/** The same views for the query handlers: read where `QueryDatabase` says (a replica that has the organization's writes). */
@Injectable()
export class CredentialQueryViews extends CredentialViews {
  constructor(@Inject(QueryDatabase) queries: QueryDatabase, orm: WorkflowsOrm) {
    super(queries, orm);
  }
}
