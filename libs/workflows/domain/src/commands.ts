import { type Command, type CommandMetadata, type OrganizationRole, type Permission, UserError, can } from '@weft/kernel';

/** Tenancy by types: every workflows command names its organization and its actor. */
export interface TenantCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly organizationId: string; readonly actorId: string };
}

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

/** Trimmed `value`, or a `validation` error naming `field` when empty or longer than `max`. */
export function requireText(value: string, field: string, max: number, code: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new UserError('validation', code, `${field} must be between 1 and ${max} characters.`, { errors: [{ field, message: `must be 1 to ${max} characters` }] });
  }
  return trimmed;
}

/** Trimmed optional text: `null` for empty, a `validation` error when longer than `max`. */
export function optionalText(value: string | null | undefined, field: string, max: number, code: string): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) throw new UserError('validation', code, `${field} must be at most ${max} characters.`, { errors: [{ field, message: `must be at most ${max} characters` }] });
  return trimmed.length === 0 ? null : trimmed;
}

/** JSON with sorted object keys: two equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}
