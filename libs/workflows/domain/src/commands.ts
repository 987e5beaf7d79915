import { type OrganizationRole, type Permission, UserError, can } from '@weft/kernel';

/**
 * Facts about the actor that the workflows context cannot know from its own streams:
 * the feature looks up the actor's organization role (tenancy's read model, or the
 * token) and passes it in; `null` when the actor is not a member.
 */
export interface ActorFacts {
  readonly actorRole: OrganizationRole | null;
}

/** `forbidden` (`<prefix>.permission_denied`) unless `actorRole` grants `permission`. */
export function requireRole(actorRole: OrganizationRole | null, permission: Permission, prefix: string): void {
  if (actorRole === null || !can(actorRole, permission)) {
    throw new UserError('forbidden', `${prefix}.permission_denied`, `This needs the ${permission} permission.`, { permission });
  }
}
