// The access policy is shared kernel: the gateway and every service check the same
// table, and the contexts share no other code (see docs/identity-tenancy.md).

/** Organization membership roles. */
export type OrganizationRole = 'owner' | 'admin' | 'member' | 'auditor';

/** All organization roles, most privileged first. */
export const ORGANIZATION_ROLES: readonly OrganizationRole[] = ['owner', 'admin', 'member', 'auditor'];

/** Every permission the gateway and the services check. */
export const PERMISSIONS = [
  'workflow:read',
  'workflow:write',
  'workflow:execute',
  'credential:read',
  'credential:manage',
  'member:read',
  'member:manage',
  'team:manage',
  'apikey:manage',
  'billing:read',
  'billing:manage',
  'audit:read',
  'org:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const readOnly: readonly Permission[] = ['workflow:read', 'credential:read', 'member:read', 'billing:read'];

/**
 * THE policy table: organization role → permissions. Checked at the gateway and again
 * in the services. Owner and admin hold the same permissions; what only an owner may
 * do (grant or take away ownership, remove an owner) is a rule of the Organization
 * aggregate, not a permission. `credential:read` means credential metadata, never
 * secrets. An auditor reads everything readable, plus the audit API, and writes nothing.
 */
export const policy: Readonly<Record<OrganizationRole, ReadonlySet<Permission>>> = {
  owner: new Set(PERMISSIONS),
  admin: new Set(PERMISSIONS),
  member: new Set<Permission>(['workflow:read', 'workflow:write', 'workflow:execute', 'credential:read', 'member:read']),
  auditor: new Set<Permission>([...readOnly, 'audit:read']),
};

/** Whether `role` grants `permission`. */
export function can(role: OrganizationRole, permission: Permission): boolean {
  return policy[role].has(permission);
}

/** The permissions of `role`, in the order of `PERMISSIONS` (for tokens and `GET /me`). */
export function permissionsOf(role: OrganizationRole): Permission[] {
  return PERMISSIONS.filter((permission) => can(role, permission));
}

/** True for the strings that name an organization role. */
export function isOrganizationRole(value: string): value is OrganizationRole {
  return (ORGANIZATION_ROLES as readonly string[]).includes(value);
}
