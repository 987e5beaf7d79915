import { UserError } from './errors.js';

// Field rules every context's deciders apply to text they store.

/** Trimmed `value`, or a `validation` error naming `field` when empty or longer than `max`. */
export function requireText(value: string, field: string, max: number, code: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new UserError('validation', code, `${field} must be between 1 and ${max} characters.`, {
      errors: [{ field, message: `must be 1 to ${max} characters` }],
    });
  }
  return trimmed;
}

/** Trimmed optional text: `null` for empty, a `validation` error when longer than `max`. */
export function optionalText(value: string | null | undefined, field: string, max: number, code: string): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max)
    throw new UserError('validation', code, `${field} must be at most ${max} characters.`, {
      errors: [{ field, message: `must be at most ${max} characters` }],
    });
  return trimmed.length === 0 ? null : trimmed;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Token and key hashes are lower-case hex sha256; anything else is a caller bug or a raw secret (`code`: the context's). */
export function requireSha256Hex(value: string, field: string, code: string): string {
  if (!SHA256_HEX.test(value))
    throw new UserError('validation', code, `${field} must be a lower-case hex sha256.`, { errors: [{ field, message: 'must be a sha256 hex digest' }] });
  return value;
}
