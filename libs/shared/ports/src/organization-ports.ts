import { type OrganizationRole } from '@weft/kernel';

/**
 * The organization role of a user, or `null` when they are not a member (or the
 * organization does not exist). Tenancy provides it from its membership read model.
 */
export interface MembershipDirectory {
  roleOf(organizationId: string, userId: string): Promise<OrganizationRole | null>;
}
export const MEMBERSHIPS = Symbol('MembershipDirectory');

/** The `PlanLimits` port (billing's); tenancy provides organization settings' limits until billing does. */
export const PLAN_LIMITS = Symbol('PlanLimits');

/** The `RunMeter` port (kernel): billing's metered runs, for the monthly run limit where runs start. */
export const RUN_METER = Symbol('RunMeter');

/** The `ApiCallMeter` port (kernel): provided only where requests enter (the gateway; the platform in the embedded mode), so a call counts once. */
export const API_CALL_METER = Symbol('ApiCallMeter');

/** The `OrganizationRetention` port (kernel): organizations' own retention settings, from tenancy. */
export const ORGANIZATION_RETENTION = Symbol('OrganizationRetention');
