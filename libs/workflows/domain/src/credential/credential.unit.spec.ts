import { DeciderSpecification, type OrganizationRole, UserError, foldEvents } from '@weft/kernel';
import { type CredentialCommand } from './credential-commands.js';
import { credentialDecider } from './credential-decider.js';
import { type CredentialEvent } from './credential-events.js';
import { type CredentialState, mayUseCredential } from './credential-state.js';

const spec = DeciderSpecification.for(credentialDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const now = new Date('2026-12-02T10:00:00.000Z');
const at = now.toISOString();
const ids = { credentialId: 'cred-1', organizationId: 'org-1' };
const blob = { ciphertext: 'Y2lwaGVy', iv: 'aXY=', tag: 'dGFn', keyId: 'dk1-aaaa', dataKeyVersion: 1 };
const rotated = { ciphertext: 'bmV3', iv: 'aXYy', tag: 'dGFnMg==', keyId: 'dk1-bbbb', dataKeyVersion: 2 };

function command<T extends CredentialCommand['type']>(
  type: T,
  data: Extract<CredentialCommand, { type: T }>['data'],
  organizationId = 'org-1',
  actorId = 'user-admin',
): CredentialCommand {
  return { type, data, metadata: { commandId: 'cmd-1', now, organizationId, actorId } } as CredentialCommand;
}
const create = (actorRole: OrganizationRole | null = 'admin', extra: Partial<Extract<CredentialCommand, { type: 'CreateCredential' }>['data']> = {}) =>
  command('CreateCredential', {
    actorRole,
    credentialId: 'cred-1',
    name: ' Shop API ',
    type: 'httpBearerAuth',
    encrypted: blob,
    ownerId: 'user-owner',
    ...extra,
  });

const created: CredentialEvent = {
  type: 'CredentialCreated',
  data: {
    ...ids,
    name: 'Shop API',
    type: 'httpBearerAuth',
    isShared: false,
    expiresAt: null,
    ownerId: 'user-owner',
    encrypted: blob,
    createdBy: 'user-admin',
    createdAt: at,
  },
};
const shared: CredentialEvent = { ...created, data: { ...created.data, isShared: true } } as CredentialEvent;
const expiring: CredentialEvent = { ...created, data: { ...created.data, expiresAt: '2026-12-03T00:00:00.000Z' } } as CredentialEvent;
const deleted: CredentialEvent = { type: 'CredentialDeleted', data: { ...ids, deletedBy: 'user-admin', deletedAt: at } };

describe('Credential: create, update, delete', () => {
  it('creates a credential with its encrypted blob, private by default', () => {
    spec.given([]).when(create()).then([created]);
    const [event] = spec
      .given([])
      .when(create('owner', { isShared: true, expiresAt: new Date('2027-01-01T00:00:00Z') }))
      .events();
    expect(event?.data).toMatchObject({ isShared: true, expiresAt: '2027-01-01T00:00:00.000Z' });
  });

  it('refuses unknown types, past expiry and any blob that is not exactly the five strings', () => {
    spec
      .given([])
      .when(create('admin', { type: 'ldap' as never }))
      .thenThrows(withCode('credential.type_invalid'));
    spec
      .given([])
      .when(create('admin', { expiresAt: now }))
      .thenThrows(withCode('credential.expiry_invalid'));
    spec
      .given([])
      .when(create('admin', { encrypted: { ...blob, iv: '' } }))
      .thenThrows(withCode('credential.encrypted_invalid'));
    spec
      .given([])
      .when(create('admin', { encrypted: { ...blob, dataKeyVersion: 0 } }))
      .thenThrows(withCode('credential.encrypted_invalid'));
    spec
      .given([])
      .when(create('admin', { encrypted: { ...blob, plaintext: 'hunter2' } as never }))
      .thenThrows(withCode('credential.encrypted_invalid'));
    spec.given([created]).when(create()).thenThrows(withCode('credential.exists'));
  });

  it('needs credential:manage: members, auditors and non-members are refused', () => {
    for (const role of ['member', 'auditor', null] as const) {
      spec.given([]).when(create(role)).thenThrows(withCode('credential.permission_denied'));
      spec
        .given([created])
        .when(command('UpdateCredential', { actorRole: role, name: 'X' }))
        .thenThrows(withCode('credential.permission_denied'));
      spec
        .given([created])
        .when(command('DeleteCredential', { actorRole: role }))
        .thenThrows(withCode('credential.permission_denied'));
    }
  });

  it('updates only what changed and says whether the secret was replaced', () => {
    spec
      .given([created])
      .when(command('UpdateCredential', { actorRole: 'admin', name: 'Shop API v2' }))
      .then([{ type: 'CredentialUpdated', data: { ...ids, name: 'Shop API v2', dataChanged: false, updatedBy: 'user-admin', updatedAt: at } }]);
    const renewed = { ...blob, ciphertext: 'b3RoZXI=', iv: 'aXYz' };
    spec
      .given([created])
      .when(command('UpdateCredential', { actorRole: 'admin', name: 'Shop API', encrypted: renewed }))
      .then([{ type: 'CredentialUpdated', data: { ...ids, encrypted: renewed, dataChanged: true, updatedBy: 'user-admin', updatedAt: at } }]);
    spec
      .given([created])
      .when(command('UpdateCredential', { actorRole: 'admin', name: 'Shop API', encrypted: { ...blob } }))
      .then([]);
  });

  it('deletes once; afterwards it is not found, and deleting again is a no-op', () => {
    spec
      .given([created])
      .when(command('DeleteCredential', { actorRole: 'admin' }))
      .then([deleted]);
    spec
      .given([created, deleted])
      .when(command('DeleteCredential', { actorRole: 'admin' }))
      .then([]);
    spec
      .given([created, deleted])
      .when(command('UpdateCredential', { actorRole: 'admin', name: 'X' }))
      .thenThrows(withCode('credential.not_found'));
    spec
      .given([created, deleted])
      .when(command('RecordCredentialUse', { at: now }))
      .thenThrows(withCode('credential.not_found'));
  });

  it('reports another organization’s credential as not found', () => {
    spec
      .given([created])
      .when(command('UpdateCredential', { actorRole: 'owner', name: 'X' }, 'org-2'))
      .thenThrows(withCode('credential.not_found'));
    spec
      .given([created])
      .when(command('DeleteCredential', { actorRole: 'owner' }, 'org-2'))
      .thenThrows(withCode('credential.not_found'));
    spec
      .given([created])
      .when(command('ReencryptCredential', { encrypted: rotated }, 'org-2'))
      .thenThrows(withCode('credential.not_found'));
    spec
      .given([])
      .when(command('RecordCredentialUse', { at: now }))
      .thenThrows(withCode('credential.not_found'));
  });
});

describe('Credential: use and rotation', () => {
  it('records a use as no event (a read-model touch) and refuses an expired credential', () => {
    spec
      .given([created])
      .when(command('RecordCredentialUse', { at: now }))
      .then([]);
    spec
      .given([expiring])
      .when(command('RecordCredentialUse', { at: now }))
      .then([]);
    spec
      .given([expiring])
      .when(command('RecordCredentialUse', { at: new Date('2026-12-03T00:00:00.000Z') }))
      .thenThrows(withCode('credential.expired'));
  });

  it('re-encrypts under a new key id; the same blob again is a no-op; a new blob under the same key is refused', () => {
    const reencrypted: CredentialEvent = {
      type: 'CredentialReencrypted',
      data: {
        ...ids,
        encrypted: rotated,
        keyId: 'dk1-bbbb',
        dataKeyVersion: 2,
        previousKeyId: 'dk1-aaaa',
        previousDataKeyVersion: 1,
        reencryptedBy: 'user-admin',
        reencryptedAt: at,
      },
    };
    spec
      .given([created])
      .when(command('ReencryptCredential', { encrypted: rotated }))
      .then([reencrypted]);
    spec
      .given([created, reencrypted])
      .when(command('ReencryptCredential', { encrypted: rotated }))
      .then([]);
    spec
      .given([created])
      .when(command('ReencryptCredential', { encrypted: { ...blob, ciphertext: 'c2FtZQ==' } }))
      .thenThrows(withCode('credential.reencrypt_same_key'));
    expect(foldEvents(credentialDecider, [created, reencrypted])).toMatchObject({ encrypted: rotated });
  });

  it('decides no event with a field that could hold plaintext', () => {
    const decided = [
      ...spec.given([]).when(create()).events(),
      ...spec
        .given([created])
        .when(command('UpdateCredential', { actorRole: 'admin', name: 'Y', encrypted: rotated }))
        .events(),
      ...spec
        .given([created])
        .when(command('ReencryptCredential', { encrypted: rotated }))
        .events(),
    ];
    expect(decided).toHaveLength(3);
    for (const event of decided) {
      for (const field of ['data', 'plaintext', 'secret', 'password', 'token']) expect(event.data).not.toHaveProperty(field);
      expect(Object.keys((event.data as { encrypted: object }).encrypted).sort()).toEqual(['ciphertext', 'dataKeyVersion', 'iv', 'keyId', 'tag']);
    }
  });
});

describe('mayUseCredential', () => {
  const state = (...events: CredentialEvent[]): CredentialState => foldEvents(credentialDecider, events);
  const use = (authorityId: string | null, organizationId = 'org-1') => ({ organizationId, authorityId });

  it('lets any authority of the organization use a shared credential', () => {
    expect(mayUseCredential(state(shared), use('user-x'))).toBe(true);
    expect(mayUseCredential(state(shared), use(null))).toBe(true);
  });

  it('keeps a private credential to runs with its owner’s authority', () => {
    expect(mayUseCredential(state(created), use('user-owner'))).toBe(true);
    expect(mayUseCredential(state(created), use('user-x'))).toBe(false);
    expect(mayUseCredential(state(created), use(null))).toBe(false);
  });

  it('never allows a deleted, missing or foreign credential', () => {
    expect(mayUseCredential(state(shared, deleted), use('user-owner'))).toBe(false);
    expect(mayUseCredential(state(), use('user-owner'))).toBe(false);
    expect(mayUseCredential(state(shared), use('user-owner', 'org-2'))).toBe(false);
  });
});
