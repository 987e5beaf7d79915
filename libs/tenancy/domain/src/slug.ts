import { UserError, slugCandidates as slugCandidatesWithin, slugFromName } from '@weft/kernel';

/** Slug length bounds (organization and team slugs alike). */
export const SLUG_MIN_LENGTH = 2;
export const SLUG_MAX_LENGTH = 48;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Slugs that would shadow routes or impersonate the platform. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'app',
  'auth',
  'billing',
  'docs',
  'help',
  'login',
  'new',
  'settings',
  'status',
  'support',
  'system',
  'weft',
  'www',
]);

/** True for lower-case, hyphen-separated ASCII slugs within the length bounds and not reserved. */
export function isValidSlug(slug: string): boolean {
  return slug.length >= SLUG_MIN_LENGTH && slug.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}

/** `slug` when valid, otherwise a `validation` `UserError` (`<code>`, field `slug`). */
export function requireSlug(slug: string, code = 'tenancy.slug_invalid'): string {
  if (isValidSlug(slug)) return slug;
  const message = `Slugs are ${SLUG_MIN_LENGTH} to ${SLUG_MAX_LENGTH} lower-case letters, digits and single hyphens, and not a reserved word.`;
  throw new UserError('validation', code, message, { errors: [{ field: 'slug', message }] });
}

/**
 * A slug from a display name: accents dropped, lower-cased, runs of anything else
 * turned into one hyphen, cut to the maximum length. Names with nothing usable
 * (`"!!!"`, `"東京"`) and reserved words fall back to `<fallback>`-based slugs.
 */
export function slugify(name: string, fallback = 'org'): string {
  const slug = slugFromName(name, SLUG_MAX_LENGTH);
  if (slug.length < SLUG_MIN_LENGTH) return fallback;
  return RESERVED_SLUGS.has(slug) ? `${slug}-${fallback}` : slug;
}

/** `base`, then `base-2`, `base-3`, ... each cut so that the suffix fits the maximum length. */
export function slugCandidates(base: string): Generator<string, never> {
  return slugCandidatesWithin(base, SLUG_MAX_LENGTH);
}

/**
 * The first candidate of `slugify(name)` that `isTaken` says is free ("suffix on
 * collision"). Uniqueness itself is not decidable inside one aggregate: the caller's
 * `isTaken` asks the read model, and the unique index (or a slug reservation) stays the
 * final word under concurrency; on a conflict there, call again.
 */
export async function uniqueSlug(
  name: string,
  isTaken: (slug: string) => boolean | Promise<boolean>,
  options: { readonly fallback?: string; readonly maxAttempts?: number } = {},
): Promise<string> {
  const maxAttempts = options.maxAttempts ?? 100;
  const candidates = slugCandidates(slugify(name, options.fallback));
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const candidate = candidates.next().value;
    if (!(await isTaken(candidate))) return candidate;
  }
  throw new UserError('conflict', 'tenancy.slug_exhausted', `No free slug for "${name}" after ${maxAttempts} attempts; choose one.`);
}
