import { type CredentialEvent, type CredentialType, type EncryptedCredentialData } from './credential-events.js';

export interface ExistingCredential {
  readonly status: 'active' | 'deleted';
  readonly credentialId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly type: CredentialType;
  readonly isShared: boolean;
  readonly expiresAt: string | null;
  readonly ownerId: string;
  /** Ciphertext only; needed to recognise a repeated update or rotation. */
  readonly encrypted: EncryptedCredentialData;
}

export type CredentialState = { readonly status: 'none' } | ExistingCredential;

export const initialCredentialState = (): CredentialState => ({ status: 'none' });

/** Applies one event. */
export function evolveCredential(state: CredentialState, event: CredentialEvent): CredentialState {
  if (event.type === 'CredentialCreated') {
    const { credentialId, organizationId, name, type, isShared, expiresAt, ownerId, encrypted } = event.data;
    return { status: 'active', credentialId, organizationId, name, type, isShared, expiresAt, ownerId, encrypted };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CredentialUpdated':
      return { ...state, name: event.data.name ?? state.name, encrypted: event.data.encrypted ?? state.encrypted };
    case 'CredentialReencrypted':
      return { ...state, encrypted: event.data.encrypted };
    case 'CredentialDeleted':
      return { ...state, status: 'deleted' };
  }
}

/**
 * Whether a workflow may use the credential. Shared: any workflow of its organization.
 * Not shared: only its owner's, and only when the actor (who attaches it, or starts
 * the run) is that owner too, so nobody runs somebody else's private secret through a
 * workflow they can edit; `actorId: null` is a run nobody started (schedule, webhook).
 * Deleted credentials and other organizations' never.
 */
export function mayUseCredential(state: CredentialState, use: { readonly organizationId: string; readonly actorId: string | null; readonly workflowOwnerId: string }): boolean {
  if (state.status !== 'active' || state.organizationId !== use.organizationId) return false;
  if (state.isShared) return true;
  return use.workflowOwnerId === state.ownerId && (use.actorId === null || use.actorId === state.ownerId);
}
