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
 * Whether a run with the authority of `authorityId` may use the credential. A run's
 * authority is the principal who last changed what it runs (saved, published or
 * activated the version: workflow-credentials.ts), not who started it, so nobody runs
 * somebody else's private secret through a workflow they edited. Shared: any authority
 * of its organization. Not shared: only its owner's. `null` (a run recorded before
 * authorities were, or whose version's author is unknown) may use shared ones only.
 * Deleted credentials and other organizations' never.
 */
export function mayUseCredential(state: CredentialState, use: { readonly organizationId: string; readonly authorityId: string | null }): boolean {
  if (state.status !== 'active' || state.organizationId !== use.organizationId) return false;
  return state.isShared || (use.authorityId !== null && use.authorityId === state.ownerId);
}
