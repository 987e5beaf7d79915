import { Injectable } from '@nestjs/common';
import { UserError, claimFirstFree, type TenantContext, tenantMetadata } from '@weft/kernel';
import { requireSlug, slugCandidates, slugTaken, slugify } from '@weft/tenancy-domain';
import { TenancyStreams, organizationSlugStreamId, teamSlugStreamId } from '../streams/tenancy-streams.js';

/** How many generated slugs (`acme`, `acme-2`, ...) are tried before asking for one. */
const MAX_GENERATED_SLUGS = 25;

/** Whose slugs, and where they are reserved: one stream per slug, so the event store's append decides. */
export interface SlugOwner {
  readonly ownerId: string;
  readonly streamIdOf: (slug: string) => string;
  /** The base of generated slugs when the name gives none (`org`, `team`). */
  readonly fallback: string;
  readonly invalidCode: string;
}

/** Organization slugs are unique across the platform. */
export const organizationSlugOwner = (organizationId: string): SlugOwner => ({
  ownerId: organizationId,
  streamIdOf: organizationSlugStreamId,
  fallback: 'org',
  invalidCode: 'organization.slug_invalid',
});

/** Team slugs are unique within their organization. */
export const teamSlugOwner = (organizationId: string, teamId: string): SlugOwner => ({
  ownerId: teamId,
  streamIdOf: (slug) => teamSlugStreamId(organizationId, slug),
  fallback: 'team',
  invalidCode: 'team.slug_invalid',
});

/**
 * Slug reservations on their own streams (`SlugReserved` with an optimistic append), so of
 * concurrent creations with one slug exactly one gets it. The caller releases a claimed
 * slug when the creation it was for fails, and when what carried it is deleted.
 */
@Injectable()
export class SlugClaims {
  constructor(private readonly streams: TenancyStreams) {}

  /** The requested slug or 409 `tenancy.slug_taken`; without one, the first free candidate generated from `name` ("suffix on collision"). */
  async claim(owner: SlugOwner, requested: string | undefined, name: string, context: TenantContext): Promise<string> {
    const reserve = (slug: string) =>
      this.streams.slug(owner.streamIdOf(slug), { type: 'ReserveSlug', data: { slug, ownerId: owner.ownerId }, metadata: tenantMetadata(context) });
    if (requested !== undefined) {
      const slug = requireSlug(requested, owner.invalidCode);
      await reserve(slug);
      return slug;
    }
    const isTaken = (error: unknown) => error instanceof UserError && error.code === 'tenancy.slug_taken';
    const base = slugify(name, owner.fallback);
    const claimed = await claimFirstFree(slugCandidates(base), MAX_GENERATED_SLUGS, reserve, isTaken);
    if (claimed !== undefined) return claimed;
    throw slugTaken(base);
  }

  release(owner: SlugOwner, slug: string, context: TenantContext): Promise<void> {
    return this.streams.slug(owner.streamIdOf(slug), { type: 'ReleaseSlug', data: { slug, ownerId: owner.ownerId }, metadata: tenantMetadata(context) });
  }
}
