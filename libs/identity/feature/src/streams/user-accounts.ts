import { Inject, Injectable } from '@nestjs/common';
import { type ExistingUser, emailReservationDecider, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, loadState } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { emailReservationStreamId, userStreamId } from './identity-streams.js';

/**
 * Users as the event store has them (the source of truth for credentials). Login reads
 * here, not from the read model: the password hash lives only in the User stream, and a
 * just-registered user can log in before any projection caught up.
 */
@Injectable()
export class UserAccounts {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStreamStore) {}

  /** The user holding `email`'s reservation, or `undefined`. */
  async findByEmail(email: string): Promise<ExistingUser | undefined> {
    const reservation = await loadState(this.store, emailReservationStreamId(email), emailReservationDecider);
    return reservation.status === 'reserved' ? this.load(reservation.userId) : undefined;
  }

  async load(userId: string): Promise<ExistingUser | undefined> {
    const state = await loadState(this.store, userStreamId(userId), userDecider);
    return state.status === 'unregistered' ? undefined : state;
  }
}
