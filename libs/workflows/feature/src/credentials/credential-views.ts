import { Inject, Injectable } from '@nestjs/common';
import { Database, type TenantTransaction, withTenant } from '@weft/postgres';
import { type CredentialView, findCredential } from '@weft/read-model-workflows';
import { credentialNotFound } from './credential-streams.js';

/** The credentials read model (metadata only), read in the organization's tenant transaction. */
@Injectable()
export class CredentialViews {
  constructor(@Inject(Database) private readonly db: Database) {}

  read<T>(organizationId: string, query: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.db, organizationId, query);
  }

  /** The credential as the API shows it; 404 when the organization has no such credential (or it is deleted). */
  async require(organizationId: string, credentialId: string): Promise<CredentialView> {
    const credential = await this.read(organizationId, (tx) => findCredential(tx, credentialId.toLowerCase()));
    if (credential === undefined) throw credentialNotFound();
    return credential;
  }
}
