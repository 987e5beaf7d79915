import { type Command, type CommandMetadata, UserError } from '@weft/kernel';

/** A command an authenticated actor issues: the type demands `actorId`. */
export interface ActorCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly actorId: string };
}

/** A command issued on behalf of an organization (API keys): tenant and actor are required. */
export interface OrganizationActorCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly actorId: string; readonly organizationId: string };
}

/** Trimmed `value`, or a `validation` error naming `field` when empty or longer than `max`. */
export function requireText(value: string, field: string, max: number, code: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new UserError('validation', code, `${field} must be between 1 and ${max} characters.`, { errors: [{ field, message: `must be 1 to ${max} characters` }] });
  }
  return trimmed;
}

/** `expiresAt` must lie after the command's `now`: nobody issues a token that is already dead. */
export function requireFuture(expiresAt: Date, now: Date, field: string, code: string): string {
  if (!(expiresAt.getTime() > now.getTime())) {
    throw new UserError('validation', code, `${field} must be in the future.`, { errors: [{ field, message: 'must be after now' }] });
  }
  return expiresAt.toISOString();
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Token and key hashes are lower-case hex sha256; anything else is a caller bug or a raw secret. */
export function requireSha256Hex(value: string, field: string): string {
  if (!SHA256_HEX.test(value)) throw new UserError('validation', 'identity.hash_malformed', `${field} must be a lower-case hex sha256.`, { errors: [{ field, message: 'must be a sha256 hex digest' }] });
  return value;
}
