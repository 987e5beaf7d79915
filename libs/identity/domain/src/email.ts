import { UserError } from '@weft/kernel';

/** Longest accepted address (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;

// Deliberately simpler than RFC 5322: one `@`, no spaces, a dotted domain with a
// 2+ letter top label. Addresses this refuses are practically never real inboxes.
const EMAIL_PATTERN = /^[^\s@"(),:;<>[\\\]]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/**
 * The canonical form of an address: trimmed and lower-cased as a whole. Lower-casing
 * the local part is technically lossy, but no mainstream provider treats case as
 * significant, and one canonical form is what makes "email taken" checks reliable.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** True when `email` (normalised or not) is an address Weft accepts. */
export function isValidEmail(email: string): boolean {
  const normalized = normalizeEmail(email);
  const local = normalized.split('@')[0] ?? '';
  return (
    normalized.length <= EMAIL_MAX_LENGTH &&
    local.length <= 64 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    EMAIL_PATTERN.test(normalized)
  );
}

/** The normalised address, or a `validation` `UserError` (`user.email_invalid`, field `email`). */
export function parseEmail(email: string): string {
  if (!isValidEmail(email)) {
    throw new UserError('validation', 'user.email_invalid', 'The email address is not valid.', {
      errors: [{ field: 'email', message: 'must be a valid email address' }],
    });
  }
  return normalizeEmail(email);
}
