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

/** What the access guard established for an organization-scoped route. */
export interface OrganizationAccess {
  readonly organizationId: string;
  readonly role: OrganizationRole;
  readonly principal: Principal;
  readonly actorId: string;
}
