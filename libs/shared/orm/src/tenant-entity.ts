import { type PolicyDef } from '@mikro-orm/postgresql';
import { TENANT_POLICY, TENANT_READER_ROLE, TENANT_SETTING } from '@weft/postgres';

/** The filter every tenant entity carries: default-on, so a query without `setFilterParams('organization', {id})` fails. */
export const ORGANIZATION_FILTER = 'organization';

/**
 * The organization filter (the application's layer) and Weft's row-level security policy
 * (the database's, exactly `tenantIsolationDdl`'s) for an entity whose tenant column is
 * `property`; spread into `defineEntity`.
 */
export function tenantEntity<P extends string>(property: P) {
  const policy: PolicyDef<never> = {
    name: TENANT_POLICY,
    command: 'select',
    roles: [TENANT_READER_ROLE],
    using: ((columns: Record<string, string>) => `${columns[property]} = nullif(current_setting('${TENANT_SETTING}', true), '')::uuid`) as never,
  };
  return {
    filters: {
      [ORGANIZATION_FILTER]: { name: ORGANIZATION_FILTER, cond: (args: { id: string }) => ({ [property]: args.id }), default: true },
    },
    policies: [policy],
  };
}
