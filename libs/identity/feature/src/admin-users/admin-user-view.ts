import { type PlatformRole } from '@weft/identity-domain';
import { UserError, isUuid } from '@weft/kernel';
import { type Principal } from '@weft/http';
import { type Queryable } from '@weft/postgres';
import { findUserById } from '@weft/read-model-users';

/** A user as the platform's administration routes answer it. */
export interface AdminUserView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: PlatformRole;
  readonly emailVerified: boolean;
  readonly isActive: boolean;
  readonly deactivatedAt: string | null;
  readonly deactivatedBy: string | null;
  readonly deactivationReason: string | null;
  readonly reactivatedAt: string | null;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

/** The super admin issuing an administration command, from the access guard's principal. */
export interface AdminActor {
  readonly userId: string;
  readonly platformRole: PlatformRole;
}

export const userNotFound = () => new UserError('not_found', 'user.not_found', 'No such user.');

/** The route's `:userId`, lower-cased; a string that is not a uuid names nobody (404). */
export function targetUserId(userId: string): string {
  if (!isUuid(userId)) throw userNotFound();
  return userId.toLowerCase();
}

/** The acting user; an API key never gets here (the route requires a platform role), but the type says so. */
export function adminActorOf(principal: Principal): AdminActor {
  if (principal.kind !== 'user') throw new UserError('forbidden', 'access.platform_role_required', 'Only a platform super admin may do this.');
  return { userId: principal.userId, platformRole: principal.platformRole };
}

/** The admin view of `userId` from the `users` read model, or 404. */
export async function requireAdminUserView(db: Queryable, userId: string): Promise<AdminUserView> {
  const user = await findUserById(db, userId);
  if (user === undefined) throw userNotFound();
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    emailVerified: user.emailVerified,
    isActive: user.isActive,
    deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
    deactivatedBy: user.deactivatedBy,
    deactivationReason: user.deactivationReason,
    reactivatedAt: user.reactivatedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
