import { DeciderSpecification, UserError } from '@weft/kernel';
import { userDecider } from './user-decider.js';
import { type RegisterUser } from './user-commands.js';
import { hashA, inOneHour, meta, now, registered, tokenHash, userId } from './user-fixtures.js';

const spec = DeciderSpecification.for(userDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;

function register(overrides: Partial<RegisterUser['data']> = {}): RegisterUser {
  return { type: 'RegisterUser', data: { userId, name: '  Ada Lovelace ', email: ' Ada@Example.COM ', passwordHash: hashA, ...overrides }, metadata: meta() };
}

describe('User: registration', () => {
  it('registers with a normalised email and trimmed name, unverified, as a plain user', () => {
    spec
      .given([])
      .when(register())
      .then([
        {
          type: 'UserRegistered',
          data: {
            userId,
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            platformRole: 'user',
            emailVerified: false,
            passwordHash: hashA,
            registeredAt: now.toISOString(),
          },
        },
      ]);
  });

  it('issues the email verification link in the same command when given', () => {
    const events = spec
      .given([])
      .when(register({ emailVerification: { tokenHash, expiresAt: inOneHour } }))
      .events();
    expect(events.map((event) => event.type)).toEqual(['UserRegistered', 'UserEmailVerificationRequested']);
    expect(events[1]?.data).toEqual({ userId, email: 'ada@example.com', tokenHash, expiresAt: inOneHour.toISOString(), requestedAt: now.toISOString() });
  });

  it('bootstraps a super admin when the caller says so', () => {
    const [event] = spec
      .given([])
      .when(register({ platformRole: 'super_admin' }))
      .events();
    expect(event?.type === 'UserRegistered' && event.data.platformRole).toBe('super_admin');
  });

  it('refuses a second registration of the same user', () => {
    spec.given([registered]).when(register()).thenThrows(withCode('user.already_registered'));
  });

  it('refuses a malformed email', () => {
    spec
      .given([])
      .when(register({ email: 'ada@localhost' }))
      .thenThrows(withCode('user.email_invalid'));
  });

  it('refuses an empty or overlong name', () => {
    spec
      .given([])
      .when(register({ name: '   ' }))
      .thenThrows(withCode('user.name_invalid'));
    spec
      .given([])
      .when(register({ name: 'x'.repeat(101) }))
      .thenThrows(withCode('user.name_invalid'));
  });

  it('refuses anything but a PHC hash as the password, so plaintext never reaches a stream', () => {
    spec
      .given([])
      .when(register({ passwordHash: 'correct horse battery staple' }))
      .thenThrows(withCode('user.password_hash_malformed'));
  });

  it('refuses a verification link that is already expired or whose hash is not a sha256', () => {
    spec
      .given([])
      .when(register({ emailVerification: { tokenHash, expiresAt: now } }))
      .thenThrows(withCode('identity.token_expiry_invalid'));
    spec
      .given([])
      .when(register({ emailVerification: { tokenHash: 'weft_ev_raw-token', expiresAt: inOneHour } }))
      .thenThrows(withCode('identity.hash_malformed'));
  });

  it('refuses commands on a user that does not exist', () => {
    spec.given([]).when({ type: 'VerifyEmail', data: { tokenHash }, metadata: meta() }).thenThrows(withCode('user.not_found'));
  });
});
