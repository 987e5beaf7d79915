import { isPublishedEventType, publishedForm } from './publication.js';

describe('what leaves a context', () => {
  it('removes password hashes from the user events it publishes', () => {
    const registered = { type: 'UserRegistered', eventId: 'e1', data: { userId: 'u1', email: 'a@b.example', passwordHash: '$scrypt$secret' } };
    expect(publishedForm(registered)).toEqual({ type: 'UserRegistered', eventId: 'e1', data: { userId: 'u1', email: 'a@b.example' } });
    expect(JSON.stringify(publishedForm({ type: 'UserPasswordChanged', data: { userId: 'u1', passwordHash: '$scrypt$x' } }))).not.toContain('scrypt');
  });

  it('publishes the start of a session without its token hash', () => {
    expect(publishedForm({ type: 'RefreshTokenFamilyStarted', data: { familyId: 'f1', userId: 'u1', tokenHash: 'h', startedAt: 't' } })).toEqual({
      type: 'RefreshTokenFamilyStarted',
      data: { familyId: 'f1', userId: 'u1', startedAt: 't' },
    });
  });

  it.each(['RefreshTokenRotated', 'UserPasswordResetRequested', 'UserEmailVerificationRequested', 'EmailReserved'])(
    'keeps %s internal',
    (type) => {
      expect(isPublishedEventType(type)).toBe(false);
      expect(publishedForm({ type, data: { tokenHash: 'h' } })).toBeNull();
    },
  );

  it('publishes other events unchanged', () => {
    const event = { type: 'OrganizationCreated', data: { organizationId: 'o1', name: 'Acme' } };
    expect(publishedForm(event)).toBe(event);
  });
});
