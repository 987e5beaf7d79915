import { UserError } from '@weft/kernel';

/** `expiresAt` must lie after the command's `now`: nobody issues a token that is already dead. */
export function requireFuture(expiresAt: Date, now: Date, field: string, code: string): string {
  if (!(expiresAt.getTime() > now.getTime())) {
    throw new UserError('validation', code, `${field} must be in the future.`, { errors: [{ field, message: 'must be after now' }] });
  }
  return expiresAt.toISOString();
}

/** Identity's code for a hash that is not one (kernel `requireSha256Hex`). */
export const HASH_MALFORMED = 'identity.hash_malformed';
