import { Inject, Injectable } from '@nestjs/common';
import { type OrganizationRetention, type OrganizationRetentionOverride } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { organizationRetentionOverrides } from '@weft/read-model-tenancy';

/**
 * The `OrganizationRetention` port: the retention each organization set in its settings
 * (`executionRetentionDays`, `executionLogRetentionDays`), from tenancy's `organizations`
 * read model. Asked by the execution context's retention job (hourly), so no cache.
 */
@Injectable()
export class ReadModelOrganizationRetention implements OrganizationRetention {
  constructor(@Inject(Database) private readonly db: Database) {}

  overrides(): Promise<readonly OrganizationRetentionOverride[]> {
    return organizationRetentionOverrides(this.db);
  }
}
