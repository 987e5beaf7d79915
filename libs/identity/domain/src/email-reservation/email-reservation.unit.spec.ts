import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { type EmailReservationEvent, type ReserveEmail, emailReservationDecider } from './email-reservation.js';

const spec = DeciderSpecification.for(emailReservationDecider);
const now = new Date('2026-12-01T10:00:00.000Z');
const reserve = (userId: string, replacesStaleHolder?: string): ReserveEmail => ({
  type: 'ReserveEmail',
  data: { userId, ...(replacesStaleHolder ? { replacesStaleHolder } : {}) },
  metadata: { commandId: 'cmd', now },
});
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000).toISOString();
const reservedBy = (userId: string): EmailReservationEvent => ({ type: 'EmailReserved', data: { userId, reservedAt: '2026-12-01T09:00:00.000Z' } });

describe('email reservations', () => {
  it('reserves a free email for the registering user', () => {
    spec
      .given([])
      .when(reserve('u-1'))
      .then([{ type: 'EmailReserved', data: { userId: 'u-1', reservedAt: now.toISOString() } }]);
  });

  it('treats the same user reserving again as a retry: nothing new', () => {
    spec
      .given([reservedBy('u-1')])
      .when(reserve('u-1'))
      .then([]);
  });

  it('refuses anybody else with a conflict on the email field', () => {
    spec
      .given([reservedBy('u-1')])
      .when(reserve('u-2'))
      .thenThrows(
        (error) => error instanceof UserError && error.kind === 'conflict' && error.code === 'user.email_taken' && error.details.errors?.[0]?.field === 'email',
      );
  });

  it('lets a registration take over a stale reservation whose user was never written', () => {
    const orphan: EmailReservationEvent = { type: 'EmailReserved', data: { userId: 'u-1', reservedAt: minutesAgo(11) } };
    spec
      .given([orphan])
      .when(reserve('u-2', 'u-1'))
      .then([{ type: 'EmailReserved', data: { userId: 'u-2', reservedAt: now.toISOString() } }]);
  });

  it('refuses a takeover of a recent reservation (its registration may still be running) or of another holder', () => {
    const recent: EmailReservationEvent = { type: 'EmailReserved', data: { userId: 'u-1', reservedAt: minutesAgo(9) } };
    spec.given([recent]).when(reserve('u-2', 'u-1')).thenThrows(UserError);
    const old: EmailReservationEvent = { type: 'EmailReserved', data: { userId: 'u-1', reservedAt: minutesAgo(60) } };
    spec.given([old]).when(reserve('u-2', 'u-3')).thenThrows(UserError);
  });
});

describe('EmailReservation: state from its events', () => {
  it('is free until reserved, then held by the user who reserved it', () => {
    expect(foldEvents(emailReservationDecider, [])).toEqual({ status: 'free' });
    expect(foldEvents(emailReservationDecider, [reservedBy('u1')])).toEqual({ status: 'reserved', userId: 'u1', reservedAt: '2026-12-01T09:00:00.000Z' });
  });
});
