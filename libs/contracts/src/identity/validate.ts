import { type FieldSpec, problemsOf } from '../shape.js';
import { ApiKeyCreatedSchemaVersion, ApiKeyRevokedSchemaVersion, type PublicApiKeyEvent } from './api-key-events.js';
import {
  type PublicUserEvent,
  UserCurrentOrganizationChangedSchemaVersion,
  UserDeactivatedSchemaVersion,
  UserEmailVerifiedSchemaVersion,
  UserPasswordChangedSchemaVersion,
  UserPlatformRoleChangedSchemaVersion,
  UserProfileUpdatedSchemaVersion,
  UserReactivatedSchemaVersion,
  UserRegisteredSchemaVersion,
} from './user-events.js';

/** Every public event of the identity context. */
export type PublicIdentityEvent = PublicUserEvent | PublicApiKeyEvent;

/** The type names of the identity context's public events. */
export type PublicIdentityEventType = PublicIdentityEvent['type'];

const identityEventSpecs: Readonly<Record<PublicIdentityEventType, FieldSpec>> = {
  UserRegistered: { userId: 'string', name: 'string', email: 'string', platformRole: 'string', emailVerified: 'boolean', registeredAt: 'string' },
  UserEmailVerified: { userId: 'string', email: 'string', verifiedAt: 'string' },
  UserPasswordChanged: { userId: 'string', reason: 'string', changedAt: 'string' },
  UserProfileUpdated: { userId: 'string', name: 'string', updatedAt: 'string' },
  UserCurrentOrganizationChanged: { userId: 'string', organizationId: 'string|null', changedAt: 'string' },
  UserPlatformRoleChanged: { userId: 'string', from: 'string', to: 'string', changedBy: 'string', changedAt: 'string' },
  UserDeactivated: { userId: 'string', reason: 'string|null', deactivatedBy: 'string', deactivatedAt: 'string' },
  UserReactivated: { userId: 'string', reactivatedBy: 'string', reactivatedAt: 'string' },
  ApiKeyCreated: {
    apiKeyId: 'string',
    organizationId: 'string',
    name: 'string',
    prefix: 'string',
    keyHash: 'string',
    createdBy: 'string',
    createdAt: 'string',
    expiresAt: 'string|null',
  },
  ApiKeyRevoked: { apiKeyId: 'string', organizationId: 'string', revokedBy: 'string', revokedAt: 'string' },
};

/** Schema version of each identity event type, as published. */
export const identityEventSchemaVersions: Readonly<Record<PublicIdentityEventType, number>> = {
  UserRegistered: UserRegisteredSchemaVersion,
  UserEmailVerified: UserEmailVerifiedSchemaVersion,
  UserPasswordChanged: UserPasswordChangedSchemaVersion,
  UserProfileUpdated: UserProfileUpdatedSchemaVersion,
  UserCurrentOrganizationChanged: UserCurrentOrganizationChangedSchemaVersion,
  UserPlatformRoleChanged: UserPlatformRoleChangedSchemaVersion,
  UserDeactivated: UserDeactivatedSchemaVersion,
  UserReactivated: UserReactivatedSchemaVersion,
  ApiKeyCreated: ApiKeyCreatedSchemaVersion,
  ApiKeyRevoked: ApiKeyRevokedSchemaVersion,
};

/** True for the type names of public identity events. */
export function isPublicIdentityEventType(type: string): type is PublicIdentityEventType {
  return Object.hasOwn(identityEventSpecs, type);
}

/**
 * Problems of an event against the identity contracts (`[]` when valid). Run on
 * produce and on consume; fields outside the contract (a `passwordHash`) are problems.
 */
export function validateIdentityEvent(event: { readonly type: string; readonly data: unknown }): string[] {
  if (!isPublicIdentityEventType(event.type)) return [`${event.type} is not a public identity event`];
  return problemsOf(event.data, identityEventSpecs[event.type]);
}
