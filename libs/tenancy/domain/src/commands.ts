import { UserError } from '@weft/kernel';

/** Tenancy's code for a hash that is not one (kernel `requireSha256Hex`). */
export const HASH_MALFORMED = 'tenancy.hash_malformed';

// The same rules as identity's parseEmail; contexts share no domain code (see README).
const EMAIL_PATTERN = /^[^\s@"(),:;<>[\\\]]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** The trimmed, lower-cased address, or a `validation` error on field `email`. */
export function requireEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  const local = normalized.split('@')[0] ?? '';
  const valid =
    normalized.length <= 254 && local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && EMAIL_PATTERN.test(normalized);
  if (!valid)
    throw new UserError('validation', 'tenancy.email_invalid', 'The email address is not valid.', {
      errors: [{ field: 'email', message: 'must be a valid email address' }],
    });
  return normalized;
}
