/** Platform-wide roles, orthogonal to organization roles. */
export type PlatformRole = 'user' | 'admin' | 'super_admin';

/** All platform roles, least privileged first. */
export const PLATFORM_ROLES: readonly PlatformRole[] = ['user', 'admin', 'super_admin'];

/** True for the strings that name a platform role. */
export function isPlatformRole(value: string): value is PlatformRole {
  return (PLATFORM_ROLES as readonly string[]).includes(value);
}

/** Platform admins and super admins may manage other users' accounts. */
export function isPlatformAdmin(role: PlatformRole): boolean {
  return role === 'admin' || role === 'super_admin';
}
