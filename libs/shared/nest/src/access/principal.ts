import { type ExecutionContext } from '@nestjs/common';
import { type OrganizationRole } from '@weft/kernel';

/** Who a request speaks for, once authenticated. */
export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly platformRole: 'user' | 'admin' | 'super_admin';
  /** The login session (refresh-token family) the access token belongs to. */
  readonly sessionId: string | undefined;
}

/** An organization-scoped API key (`X-API-Key`): it acts in its organization only, with its role. */
export interface ApiKeyPrincipal {
  readonly kind: 'apiKey';
  readonly apiKeyId: string;
  readonly organizationId: string;
  readonly role: OrganizationRole;
}

/** The id recorded as the actor of the commands a principal issues. */
export const actorIdOf = (principal: Principal): string => (principal.kind === 'user' ? principal.userId : principal.apiKeyId);

/**
 * Turns a request's credentials into a principal, or throws a 401 `UserError`. Identity
 * provides it (bearer JWT through passport-jwt, or `X-API-Key`); the access guard finds
 * it by this token, so services that only check access need no identity code.
 */
export interface Authenticator {
  authenticate(context: ExecutionContext): Promise<Principal>;
}
export const AUTHENTICATOR = Symbol('Authenticator');

/**
 * The organization role of a user, or `null` when they are not a member (or the
 * organization does not exist). Tenancy provides it from its membership read model.
 */
export interface MembershipDirectory {
  roleOf(organizationId: string, userId: string): Promise<OrganizationRole | null>;
}
export const MEMBERSHIPS = Symbol('MembershipDirectory');

/** What the access guard established for an organization-scoped route. */
export interface OrganizationAccess {
  readonly organizationId: string;
  readonly role: OrganizationRole;
  readonly principal: Principal;
  readonly actorId: string;
}

/** The `PlanLimits` port (billing's); tenancy provides organization settings' limits until billing does. */
export const PLAN_LIMITS = Symbol('PlanLimits');

/** The `OrganizationRetention` port (kernel): organizations' own retention settings, from tenancy. */
export const ORGANIZATION_RETENTION = Symbol('OrganizationRetention');
