import { createHash } from 'node:crypto';
import { type Command, type Decider, type DomainEvent, type EventStreamStore, streamIdOf } from '@weft/kernel';
import { normalizeEmail } from '@weft/identity-domain';

export const userStreamId = (userId: string) => streamIdOf('identity', 'User', userId);
export const refreshFamilyStreamId = (familyId: string) => streamIdOf('identity', 'RefreshTokenFamily', familyId);

/** One stream per normalised email, named by its sha256 so the address itself is not in the stream id. */
export const emailReservationStreamId = (email: string) => streamIdOf('identity', 'EmailReservation', createHash('sha256').update(normalizeEmail(email), 'utf8').digest('hex'));

/** The current state of a stream, folded with its decider (no command). */
export async function loadState<State, C extends Command, E extends DomainEvent>(store: EventStreamStore, streamId: string, decider: Decider<State, C, E>): Promise<State> {
  const events = await store.readStream(streamId);
  return events.reduce((state, event) => decider.evolve(state, event as unknown as E), decider.initialState());
}
