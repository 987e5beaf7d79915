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

  it.each(['RefreshTokenRotated', 'UserPasswordResetRequested', 'UserEmailVerificationRequested', 'EmailReserved', 'UserSessionOpened', 'UserSessionsRevoked'])(
    'keeps %s internal',
    (type) => {
      expect(isPublishedEventType(type)).toBe(false);
      expect(publishedForm({ type, data: { tokenHash: 'h' } })).toBeNull();
    },
  );

  it('publishes the outcome of email verification and password reset without any token or hash', () => {
    const verified = { type: 'UserEmailVerified', data: { userId: 'u1', email: 'a@b.example', verifiedAt: 't' } };
    expect(publishedForm(verified)).toBe(verified);
    const reset = publishedForm({ type: 'UserPasswordChanged', data: { userId: 'u1', reason: 'reset', passwordHash: '$scrypt$x', changedAt: 't' } });
    expect(reset).toEqual({ type: 'UserPasswordChanged', data: { userId: 'u1', reason: 'reset', changedAt: 't' } });
  });

  it('publishes other events unchanged', () => {
    const event = { type: 'OrganizationCreated', data: { organizationId: 'o1', name: 'Acme' } };
    expect(publishedForm(event)).toBe(event);
  });

  it('publishes invitations without their token hash, and keeps slug reservations internal', () => {
    const invited = {
      type: 'MemberInvited',
      data: {
        organizationId: 'o',
        invitationId: 'i',
        email: 'a@example.com',
        role: 'member',
        tokenHash: 'f'.repeat(64),
        expiresAt: 'x',
        invitedBy: 'u',
        invitedAt: 'x',
      },
    };
    expect(publishedForm(invited)?.data).not.toHaveProperty('tokenHash');
    expect(publishedForm(invited)?.data).toMatchObject({ invitationId: 'i', email: 'a@example.com' });
    expect(publishedForm({ type: 'SlugReserved', data: { slug: 'acme', ownerId: 'o', reservedAt: 'x' } })).toBeNull();
    expect(publishedForm({ type: 'SlugReleased', data: { slug: 'acme', ownerId: 'o', releasedAt: 'x' } })).toBeNull();
  });

  it('publishes credential events without their encrypted blob', () => {
    const encrypted = { ciphertext: 'Y2lwaGVy', iv: 'aXY=', tag: 'dGFn', keyId: 'dk1-aaaa', dataKeyVersion: 1 };
    const stored = [
      {
        type: 'CredentialCreated',
        data: {
          credentialId: 'c',
          organizationId: 'o',
          name: 'Shop',
          type: 'httpBearerAuth',
          isShared: false,
          expiresAt: null,
          ownerId: 'u',
          encrypted,
          createdBy: 'u',
          createdAt: 'x',
        },
      },
      { type: 'CredentialUpdated', data: { credentialId: 'c', organizationId: 'o', encrypted, dataChanged: true, updatedBy: 'u', updatedAt: 'x' } },
      {
        type: 'CredentialReencrypted',
        data: {
          credentialId: 'c',
          organizationId: 'o',
          encrypted,
          keyId: 'dk1-bbbb',
          dataKeyVersion: 2,
          previousKeyId: 'dk1-aaaa',
          previousDataKeyVersion: 1,
          reencryptedBy: 'u',
          reencryptedAt: 'x',
        },
      },
    ];
    for (const event of stored) {
      const published = publishedForm(event);
      expect(published?.data).not.toHaveProperty('encrypted');
      expect(JSON.stringify(published)).not.toContain('Y2lwaGVy');
      expect(published?.data).toMatchObject({ credentialId: 'c', organizationId: 'o' });
    }
    const deleted = { type: 'CredentialDeleted', data: { credentialId: 'c', organizationId: 'o', deletedBy: 'u', deletedAt: 'x' } };
    expect(publishedForm(deleted)).toBe(deleted);
  });

  it.each(['WorkflowSlugReserved', 'WorkflowSlugReleased', 'WebhookRouteReserved', 'WebhookRouteReleased'])(
    'keeps workflows reservation %s internal',
    (type) => {
      expect(isPublishedEventType(type)).toBe(false);
      expect(publishedForm({ type, data: { workflowId: 'w' } })).toBeNull();
    },
  );

  it('keeps execution checkpoints internal and publishes the rest of an execution as stored', () => {
    expect(publishedForm({ type: 'ExecutionCheckpointed', data: { executionId: 'e', checkpoint: {} } })).toBeNull();
    const succeeded = { type: 'ExecutionSucceeded', data: { executionId: 'e', organizationId: 'o' } };
    expect(publishedForm(succeeded)).toBe(succeeded);
  });
});
