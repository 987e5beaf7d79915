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

/** The `OrganizationRetention` port (kernel): organizations' own retention settings, from tenancy. */
export const ORGANIZATION_RETENTION = Symbol('OrganizationRetention');
