import { UserError, claimFirstFree } from '@weft/kernel';
import { requireSlug, slugCandidates, slugTaken, slugify } from '@weft/tenancy-domain';

/** How many generated slugs (`acme`, `acme-2`, ...) are tried before asking for one. */
const MAX_GENERATED_SLUGS = 25;

/**
 * Claims a slug through `reserve` (an append on the slug's own stream that fails with
 * `tenancy.slug_taken`): the requested one or 409, else the first free candidate
 * generated from `name` ("suffix on collision").
 */
export async function claimSlug(requested: string | undefined, name: string, fallback: string, invalidCode: string, reserve: (slug: string) => Promise<void>): Promise<string> {
  if (requested !== undefined) {
    const slug = requireSlug(requested, invalidCode);
    await reserve(slug);
    return slug;
  }
  const isTaken = (error: unknown) => error instanceof UserError && error.code === 'tenancy.slug_taken';
  const claimed = await claimFirstFree(slugCandidates(slugify(name, fallback)), MAX_GENERATED_SLUGS, reserve, isTaken);
  if (claimed !== undefined) return claimed;
  throw slugTaken(slugify(name, fallback));
}
