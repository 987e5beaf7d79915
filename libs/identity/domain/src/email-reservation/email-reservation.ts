import { type Command, type Decider, type DomainEvent, UserError } from '@weft/kernel';

// Internal to identity: one stream per normalised email (named by its sha256 in the
// feature), so "is this email taken?" is decided by the event store's `no_stream`
// append, not by a read model that lags and races.
export type EmailReserved = DomainEvent<'EmailReserved', { userId: string; reservedAt: string }>;
export type EmailReservationEvent = EmailReserved;

/**
 * Claims an email for `userId` before the User stream is written. `replacesStaleHolder`
 * takes over a reservation whose registration never wrote its User stream (the process
 * died in between): the caller checked that stream is empty; the decider checks the age.
 */
export type ReserveEmail = Command<'ReserveEmail', { userId: string; replacesStaleHolder?: string }>;
export type EmailReservationCommand = ReserveEmail;

export type EmailReservationState = { readonly status: 'free' } | { readonly status: 'reserved'; readonly userId: string; readonly reservedAt: string };

/** The error a second registration of an email gets (HTTP 409). */
export const emailTaken = () =>
  new UserError('conflict', 'user.email_taken', 'An account with this email already exists.', {
    errors: [{ field: 'email', message: 'is already registered' }],
  });

/**
 * How old a reservation without a user must be before another registration may take it
 * over: far longer than the milliseconds between the two appends of a registration, so
 * a registration that is merely slow is not overtaken.
 */
export const STALE_RESERVATION_MS = 10 * 60 * 1000;

/**
 * Decides a reservation: a free email is reserved, the same user reserving again is a
 * no-op (a retried registration), a stale orphan may be taken over, anybody else is refused.
 */
export function decideEmailReservation(command: EmailReservationCommand, state: EmailReservationState): EmailReservationEvent[] {
  const { userId, replacesStaleHolder } = command.data;
  const reserved: EmailReservationEvent[] = [{ type: 'EmailReserved', data: { userId, reservedAt: command.metadata.now.toISOString() } }];
  if (state.status === 'free') return reserved;
  if (state.userId === userId) return [];
  const stale = command.metadata.now.getTime() - Date.parse(state.reservedAt) >= STALE_RESERVATION_MS;
  if (replacesStaleHolder === state.userId && stale) return reserved;
  throw emailTaken();
}

export function evolveEmailReservation(_state: EmailReservationState, event: EmailReservationEvent): EmailReservationState {
  return { status: 'reserved', userId: event.data.userId, reservedAt: event.data.reservedAt };
}

/** An email reservation (one stream per normalised address) as a decider. */
export const emailReservationDecider = {
  decide: decideEmailReservation,
  evolve: evolveEmailReservation,
  initialState: (): EmailReservationState => ({ status: 'free' }),
} satisfies Decider<EmailReservationState, EmailReservationCommand, EmailReservationEvent>;
