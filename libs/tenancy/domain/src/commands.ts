import { type Command, type CommandMetadata, UserError } from '@weft/kernel';

/** Tenancy by types: every tenancy command names its organization and its actor. */
export interface TenantCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly organizationId: string; readonly actorId: string };
}

/** Trimmed `value`, or a `validation` error naming `field` when empty or longer than `max`. */
export function requireText(value: string, field: string, max: number, code: string): string {
  const trimmed = value.trim();
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

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Token hashes are lower-case hex sha256; anything else is a caller bug or a raw token. */
export function requireSha256Hex(value: string, field: string): string {
  if (!SHA256_HEX.test(value)) throw new UserError('validation', 'tenancy.hash_malformed', `${field} must be a lower-case hex sha256.`, { errors: [{ field, message: 'must be a sha256 hex digest' }] });
  return value;
}

// The same rules as identity's parseEmail; contexts share no domain code (see README).
const EMAIL_PATTERN = /^[^\s@"(),:;<>[\\\]]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** The trimmed, lower-cased address, or a `validation` error on field `email`. */
export function requireEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  const local = normalized.split('@')[0] ?? '';
  const valid = normalized.length <= 254 && local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && EMAIL_PATTERN.test(normalized);
  if (!valid) throw new UserError('validation', 'tenancy.email_invalid', 'The email address is not valid.', { errors: [{ field: 'email', message: 'must be a valid email address' }] });
  return normalized;
}
