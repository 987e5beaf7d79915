import { type CommandMetadata } from '@weft/kernel';
import { type UserEvent } from './user-events.js';

// Test data shared by the User specs (not exported from the library).
export const userId = '7f0c3a52-6f3e-4d1b-9b8a-3c1d2e4f5a60';
export const otherUserId = '0b6f8a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
export const hashA = '$scrypt$ln=17,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
export const hashB = '$scrypt$ln=17,r=8,p=1$b3RoZXJzYWx0$b3RoZXJoYXNo';
export const tokenHash = 'a'.repeat(64);
export const otherTokenHash = 'b'.repeat(64);
export const now = new Date('2026-11-29T10:00:00.000Z');
export const inOneHour = new Date('2026-11-29T11:00:00.000Z');

/** Command metadata at `now` (or `at`), optionally with an actor. */
export function meta(actorId?: string, at: Date = now): CommandMetadata & { actorId: string } {
  return { commandId: 'cmd-1', now: at, actorId: actorId as string };
}

export const registered: UserEvent = {
  type: 'UserRegistered',
  data: {
    userId,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    platformRole: 'user',
    emailVerified: false,
    passwordHash: hashA,
    registeredAt: '2026-11-28T10:00:00.000Z',
  },
};

export const verificationRequested: UserEvent = {
  type: 'UserEmailVerificationRequested',
  data: { userId, email: 'ada@example.com', tokenHash, expiresAt: inOneHour.toISOString(), requestedAt: now.toISOString() },
};

export const resetRequested: UserEvent = {
  type: 'UserPasswordResetRequested',
  data: { userId, tokenHash, expiresAt: inOneHour.toISOString(), requestedAt: now.toISOString() },
};
