import { type ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { type Permission } from '@weft/kernel';
import { type OrganizationAccess, type Principal } from './principal.js';

export const ACCESS_METADATA = 'weft:access';
/** The OpenAPI extension carrying a route's requirement: the gateway checks it at the edge from the services' documents. */
export const ACCESS_EXTENSION = 'x-weft-access';

/** Platform roles a route may require (a user's platform role, not an organization role). */
export type RequiredPlatformRole = 'admin' | 'super_admin';

/**
 * What a route requires: any authenticated caller, a permission in the organization of
 * `:orgId`, or a platform role (a user of at least that role; API keys never qualify).
 */
export type AccessRequirement =
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'permission'; readonly permission: Permission }
  | { readonly kind: 'platformRole'; readonly role: RequiredPlatformRole };

const requirement = (access: AccessRequirement) =>
  applyDecorators(SetMetadata(ACCESS_METADATA, access), ApiExtension(ACCESS_EXTENSION, { ...access }), ApiBearerAuth(), ApiSecurity('apiKey'));

/** Any authenticated caller (bearer token or API key). */
export const Authenticated = () => requirement({ kind: 'authenticated' });

/**
 * The caller must hold `permission` in the organization named by the route's `:orgId`
 * (the policy table of @weft/kernel). Routes under `/api/v1/orgs/:orgId` carry it, and the
 * tenant-isolation suite checks that every such path in the OpenAPI document does.
 */
export const RequirePermission = (permission: Permission) => requirement({ kind: 'permission', permission });

/**
 * The caller must be a user whose current platform role is `role` or above
 * (`super_admin` above `admin`); anyone else authenticated gets 403, API keys included.
 * For the platform's administration routes (`/api/v1/admin/...`).
 */
export const RequirePlatformRole = (role: RequiredPlatformRole) => requirement({ kind: 'platformRole', role });

interface AccessRequest {
  principal?: Principal;
  organizationAccess?: OrganizationAccess;
}

/** The principal the access guard authenticated (routes with `@Authenticated` or `@RequirePermission`). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AccessRequest>().principal;
  if (principal === undefined) throw new Error('CurrentPrincipal on a route without @Authenticated or @RequirePermission');
  return principal;
});

/** The organization, role and actor the access guard established (routes with `@RequirePermission`). */
export const OrgAccess = createParamDecorator((_data: unknown, context: ExecutionContext): OrganizationAccess => {
  const access = context.switchToHttp().getRequest<AccessRequest>().organizationAccess;
  if (access === undefined) throw new Error('OrgAccess on a route without @RequirePermission');
  return access;
});
