import { type PublicIdentityEvent, type PublicEventMetadata } from '@weft/contracts';
import { type ApiKeyEvent, type EmailReservationEvent, type RefreshTokenFamilyEvent, type UserEvent, type UserSessionsEvent } from '@weft/identity-domain';

/**
 * The public form of an identity event, or `null` for internal-only events. This is
 * where secrets are dropped before anything leaves identity: `passwordHash` is removed,
 * and the `...Requested` events (token hashes for verification and reset links) and
 * the refresh-token family events and the per-user session index (sessions) and email
 * reservations are never published. The relay or
 * publisher of identity events must go through here.
 */
export function toPublicIdentityEvent(
  event: UserEvent | ApiKeyEvent | RefreshTokenFamilyEvent | EmailReservationEvent | UserSessionsEvent,
  metadata: PublicEventMetadata,
): PublicIdentityEvent | null {
  switch (event.type) {
    case 'UserRegistered': {
      const { passwordHash: _secret, ...data } = event.data;
      return { type: event.type, data, metadata };
    }
    case 'UserPasswordChanged': {
      const { passwordHash: _secret, ...data } = event.data;
      return { type: event.type, data, metadata };
    }
    case 'UserEmailVerificationRequested':
    case 'UserPasswordResetRequested':
    case 'RefreshTokenFamilyStarted':
    case 'RefreshTokenRotated':
    case 'RefreshTokenFamilyRevoked':
    case 'EmailReserved':
    case 'UserSessionOpened':
    case 'UserSessionsRevoked':
      return null;
    case 'UserEmailVerified':
      return { type: event.type, data: event.data, metadata };
    case 'UserProfileUpdated':
      return { type: event.type, data: event.data, metadata };
    case 'UserCurrentOrganizationChanged':
      return { type: event.type, data: event.data, metadata };
    case 'UserPlatformRoleChanged':
      return { type: event.type, data: event.data, metadata };
    case 'UserDeactivated':
      return { type: event.type, data: event.data, metadata };
    case 'UserReactivated':
      return { type: event.type, data: event.data, metadata };
    case 'ApiKeyCreated':
      return { type: event.type, data: event.data, metadata };
    case 'ApiKeyRevoked':
      return { type: event.type, data: event.data, metadata };
  }
}
