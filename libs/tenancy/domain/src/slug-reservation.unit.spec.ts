import { type SlugReservationState, decideSlugReservation, evolveSlugReservation, slugReservationDecider } from './slug-reservation.js';

const metadata = { commandId: 'c-1', now: new Date('2026-12-02T10:00:00Z') };
const reserve = (ownerId: string) => ({ type: 'ReserveSlug' as const, data: { slug: 'acme', ownerId }, metadata });
const release = (ownerId: string) => ({ type: 'ReleaseSlug' as const, data: { slug: 'acme', ownerId }, metadata });
const after = (...events: ReturnType<typeof decideSlugReservation>) =>
  events.reduce<SlugReservationState>(evolveSlugReservation, slugReservationDecider.initialState());

describe('slug reservation', () => {
  it('reserves a free slug for its owner', () => {
    expect(decideSlugReservation(reserve('org-1'), { status: 'free' })).toEqual([
      { type: 'SlugReserved', data: { slug: 'acme', ownerId: 'org-1', reservedAt: '2026-12-02T10:00:00.000Z' } },
    ]);
  });

  it('treats a repeat by the same owner as a no-op and refuses anybody else with 409', () => {
    const held = after(...decideSlugReservation(reserve('org-1'), { status: 'free' }));
    expect(decideSlugReservation(reserve('org-1'), held)).toEqual([]);
    expect(() => decideSlugReservation(reserve('org-2'), held)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'tenancy.slug_taken' }));
  });

  it('frees the slug when its owner releases it, and ignores releases by others', () => {
    const held = after(...decideSlugReservation(reserve('org-1'), { status: 'free' }));
    expect(decideSlugReservation(release('org-2'), held)).toEqual([]);
    const released = decideSlugReservation(release('org-1'), held);
    expect(released.map((e) => e.type)).toEqual(['SlugReleased']);
    const free = released.reduce(evolveSlugReservation, held);
    expect(decideSlugReservation(reserve('org-2'), free).map((e) => e.type)).toEqual(['SlugReserved']);
  });
});
