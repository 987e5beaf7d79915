import { type Command, type Decider, type DomainEvent, UserError } from '@weft/kernel';

// Internal to tenancy: one stream per organization slug (and per organization + team
// slug), so "is this slug taken?" is decided by the event store's optimistic append,
// not by a read model that lags and races. Never published.
export type SlugReserved = DomainEvent<'SlugReserved', { slug: string; ownerId: string; reservedAt: string }>;
export type SlugReleased = DomainEvent<'SlugReleased', { slug: string; ownerId: string; releasedAt: string }>;
export type SlugReservationEvent = SlugReserved | SlugReleased;

/** `ownerId` is the organization or team that will carry the slug. */
export type ReserveSlug = Command<'ReserveSlug', { slug: string; ownerId: string }>;
/** A deleted team (or a creation that failed after reserving) gives its slug back. */
export type ReleaseSlug = Command<'ReleaseSlug', { slug: string; ownerId: string }>;
export type SlugReservationCommand = ReserveSlug | ReleaseSlug;

export type SlugReservationState = { readonly status: 'free' } | { readonly status: 'reserved'; readonly ownerId: string };

export const slugTaken = (slug: string) =>
  new UserError('conflict', 'tenancy.slug_taken', `The slug "${slug}" is already taken; choose another.`, {
    errors: [{ field: 'slug', message: 'is already taken' }],
  });

/** A free slug is reserved; the same owner reserving again is a no-op (a retry); anybody else is refused. */
export function decideSlugReservation(command: SlugReservationCommand, state: SlugReservationState): SlugReservationEvent[] {
  const { slug, ownerId } = command.data;
  const at = command.metadata.now.toISOString();
  if (command.type === 'ReserveSlug') {
    if (state.status === 'free') return [{ type: 'SlugReserved', data: { slug, ownerId, reservedAt: at } }];
    if (state.ownerId === ownerId) return [];
    throw slugTaken(slug);
  }
  if (state.status === 'free' || state.ownerId !== ownerId) return [];
  return [{ type: 'SlugReleased', data: { slug, ownerId, releasedAt: at } }];
}

export function evolveSlugReservation(_state: SlugReservationState, event: SlugReservationEvent): SlugReservationState {
  return event.type === 'SlugReserved' ? { status: 'reserved', ownerId: event.data.ownerId } : { status: 'free' };
}

export const slugReservationDecider = {
  decide: decideSlugReservation,
  evolve: evolveSlugReservation,
  initialState: (): SlugReservationState => ({ status: 'free' }),
} satisfies Decider<SlugReservationState, SlugReservationCommand, SlugReservationEvent>;
