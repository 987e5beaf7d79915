// How long an organization's execution data is kept is tenancy's (organization
// settings); the execution context's retention job asks through this port and applies
// the platform defaults (EXECUTION_RETENTION_DAYS, EXECUTION_LOG_RETENTION_DAYS) where an
// organization sets nothing.

/** One organization's own retention, in days; `null` where it keeps the platform default. */
export interface OrganizationRetentionOverride {
  readonly organizationId: string;
  readonly executionDays: number | null;
  readonly logDays: number | null;
}

/** Tenancy's answer: every organization that sets a retention of its own (all others keep the defaults). */
export interface OrganizationRetention {
  overrides(): Promise<readonly OrganizationRetentionOverride[]>;
}
