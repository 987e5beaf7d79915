import { type Decider, UserError, canonicalJson, requireText } from '@weft/kernel';
import { requireRole } from '../commands.js';
import {
  type CreateCredential,
  type CredentialCommand,
  type RecordCredentialUse,
  type ReencryptCredential,
  type UpdateCredential,
} from './credential-commands.js';
import { CREDENTIAL_TYPES, type CredentialEvent, type CredentialUpdated, type EncryptedCredentialData } from './credential-events.js';
import { type CredentialState, type ExistingCredential, evolveCredential, initialCredentialState } from './credential-state.js';

export const CREDENTIAL_NAME_MAX_LENGTH = 128;
/** Largest ciphertext (base64 or hex text) accepted: credential data is small. */
export const CREDENTIAL_CIPHERTEXT_MAX_LENGTH = 64 * 1024;

/** Decides the Credential aggregate's events. */
export function decideCredential(command: CredentialCommand, state: CredentialState): CredentialEvent[] {
  if (command.type === 'CreateCredential') return create(command, state);
  // Tenant isolation: another organization's credential, or a deleted one, is missing.
  const sameOrganization = state.status !== 'none' && state.organizationId === command.metadata.organizationId;
  if (!sameOrganization || state.status === 'deleted') {
    if (command.type === 'DeleteCredential' && sameOrganization) return [];
    throw new UserError('not_found', 'credential.not_found', 'No such credential.');
  }
  const { actorId, now } = command.metadata;
  const ids = { credentialId: state.credentialId, organizationId: state.organizationId };
  switch (command.type) {
    case 'UpdateCredential':
      return update(command, state);
    case 'DeleteCredential':
      requireRole(command.data.actorRole, 'credential:manage', 'credential');
      return [{ type: 'CredentialDeleted', data: { ...ids, deletedBy: actorId, deletedAt: now.toISOString() } }];
    case 'RecordCredentialUse':
      return recordUse(command, state);
    case 'ReencryptCredential':
      return reencrypt(command, state);
  }
}

/**
 * The Credential aggregate as a decider. `usage_count` / `last_used_at` are a
 * read-model touch, not an event per use: a busy credential is used by every run of
 * every workflow that names it, and an event each time would grow its stream without
 * bound, make every use contend on its optimistic append (so a rotation or an edit
 * would fail under load) and hash-chain noise. The audit trail of uses is the
 * execution log (which run used which credential). RecordCredentialUse still goes
 * through the decider, which refuses a deleted, foreign or expired credential.
 */
export const credentialDecider = {
  decide: decideCredential,
  evolve: evolveCredential,
  initialState: initialCredentialState,
} satisfies Decider<CredentialState, CredentialCommand, CredentialEvent>;

function create(command: CreateCredential, state: CredentialState): CredentialEvent[] {
  if (state.status !== 'none') throw new UserError('conflict', 'credential.exists', 'This credential already exists.');
  requireRole(command.data.actorRole, 'credential:manage', 'credential');
  const { organizationId, actorId, now } = command.metadata;
  const { credentialId, type, expiresAt, ownerId } = command.data;
  if (!(CREDENTIAL_TYPES as readonly string[]).includes(type)) {
    throw new UserError('validation', 'credential.type_invalid', `type must be one of ${CREDENTIAL_TYPES.join(', ')}.`, {
      errors: [{ field: 'type', message: 'unknown credential type' }],
    });
  }
  if (expiresAt && !(expiresAt.getTime() > now.getTime())) {
    throw new UserError('validation', 'credential.expiry_invalid', 'expiresAt must be in the future.', {
      errors: [{ field: 'expiresAt', message: 'must be after now' }],
    });
  }
  const data = {
    credentialId,
    organizationId,
    name: requireText(command.data.name, 'name', CREDENTIAL_NAME_MAX_LENGTH, 'credential.name_invalid'),
    type,
    isShared: command.data.isShared ?? false,
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
    ownerId: requireText(ownerId, 'ownerId', 128, 'credential.owner_invalid'),
    encrypted: requireEncrypted(command.data.encrypted),
    createdBy: actorId,
    createdAt: now.toISOString(),
  };
  return [{ type: 'CredentialCreated', data }];
}

function update(command: UpdateCredential, state: ExistingCredential): CredentialEvent[] {
  requireRole(command.data.actorRole, 'credential:manage', 'credential');
  const changes: Partial<Pick<CredentialUpdated['data'], 'name' | 'encrypted'>> = {};
  const name = command.data.name === undefined ? undefined : requireText(command.data.name, 'name', CREDENTIAL_NAME_MAX_LENGTH, 'credential.name_invalid');
  if (name !== undefined && name !== state.name) changes.name = name;
  const encrypted = command.data.encrypted === undefined ? undefined : requireEncrypted(command.data.encrypted);
  if (encrypted !== undefined && canonicalJson(encrypted) !== canonicalJson(state.encrypted)) changes.encrypted = encrypted;
  if (Object.keys(changes).length === 0) return [];
  const { actorId, now } = command.metadata;
  const data = {
    credentialId: state.credentialId,
    organizationId: state.organizationId,
    ...changes,
    dataChanged: changes.encrypted !== undefined,
    updatedBy: actorId,
    updatedAt: now.toISOString(),
  };
  return [{ type: 'CredentialUpdated', data }];
}

function recordUse(command: RecordCredentialUse, state: ExistingCredential): CredentialEvent[] {
  if (state.expiresAt !== null && command.data.at.getTime() >= Date.parse(state.expiresAt)) {
    throw new UserError('unprocessable', 'credential.expired', `The credential "${state.name}" expired at ${state.expiresAt}; update it.`, {
      expiresAt: state.expiresAt,
    });
  }
  return [];
}

/** The identical blob again is a no-op (a retried rotation); a new blob under the same key is refused. */
function reencrypt(command: ReencryptCredential, state: ExistingCredential): CredentialEvent[] {
  const encrypted = requireEncrypted(command.data.encrypted);
  if (canonicalJson(encrypted) === canonicalJson(state.encrypted)) return [];
  if (encrypted.keyId === state.encrypted.keyId && encrypted.dataKeyVersion === state.encrypted.dataKeyVersion) {
    throw new UserError('validation', 'credential.reencrypt_same_key', 'Re-encryption must use another key id or data key version.', {
      keyId: encrypted.keyId,
    });
  }
  const { actorId, now } = command.metadata;
  const data = {
    credentialId: state.credentialId,
    organizationId: state.organizationId,
    encrypted,
    keyId: encrypted.keyId,
    dataKeyVersion: encrypted.dataKeyVersion,
    previousKeyId: state.encrypted.keyId,
    previousDataKeyVersion: state.encrypted.dataKeyVersion,
    reencryptedBy: actorId,
    reencryptedAt: now.toISOString(),
  };
  return [{ type: 'CredentialReencrypted', data }];
}

const ENCRYPTED_TEXT_FIELDS = ['ciphertext', 'iv', 'tag', 'keyId'] as const;

/** Four non-empty opaque strings and a positive integer version, nothing else (so no plaintext field rides along). */
function requireEncrypted(encrypted: EncryptedCredentialData): EncryptedCredentialData {
  const isObject = encrypted !== null && typeof encrypted === 'object' && !Array.isArray(encrypted);
  const fields = isObject ? Object.keys(encrypted) : [];
  const wellFormed =
    isObject &&
    fields.length === ENCRYPTED_TEXT_FIELDS.length + 1 &&
    ENCRYPTED_TEXT_FIELDS.every(
      (field) => typeof encrypted[field] === 'string' && encrypted[field].length > 0 && encrypted[field].length <= CREDENTIAL_CIPHERTEXT_MAX_LENGTH,
    ) &&
    Number.isSafeInteger(encrypted.dataKeyVersion) &&
    encrypted.dataKeyVersion > 0;
  if (!wellFormed) {
    throw new UserError(
      'validation',
      'credential.encrypted_invalid',
      `encrypted must hold exactly ${ENCRYPTED_TEXT_FIELDS.join(', ')} as non-empty strings and dataKeyVersion as a positive integer.`,
      {
        errors: [{ field: 'encrypted', message: 'malformed encrypted data' }],
      },
    );
  }
  const { ciphertext, iv, tag, keyId, dataKeyVersion } = encrypted;
  return { ciphertext, iv, tag, keyId, dataKeyVersion };
}
