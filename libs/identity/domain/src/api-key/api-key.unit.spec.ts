import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { type ApiKeyCommand, type ApiKeyEvent, apiKeyDecider } from './api-key.js';

const spec = DeciderSpecification.for(apiKeyDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const now = new Date('2026-11-29T10:00:00.000Z');
const keyHash = 'c'.repeat(64);
const metadata = (organizationId = 'org-1') => ({ commandId: 'cmd-1', now, actorId: 'user-1', organizationId });

const create = (data: Partial<Extract<ApiKeyCommand, { type: 'CreateApiKey' }>['data']> = {}): ApiKeyCommand => ({
  type: 'CreateApiKey',
  data: { apiKeyId: 'key-1', name: ' CI deploys ', prefix: 'weft_ak_Xy12', keyHash, ...data },
  metadata: metadata(),
});
const revoke = (organizationId = 'org-1'): ApiKeyCommand => ({ type: 'RevokeApiKey', data: {}, metadata: metadata(organizationId) });

const created: ApiKeyEvent = {
  type: 'ApiKeyCreated',
  data: {
    apiKeyId: 'key-1',
    organizationId: 'org-1',
    name: 'CI deploys',
    prefix: 'weft_ak_Xy12',
    keyHash,
    createdBy: 'user-1',
    createdAt: now.toISOString(),
    expiresAt: null,
  },
};
const revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { apiKeyId: 'key-1', organizationId: 'org-1', revokedBy: 'user-1', revokedAt: now.toISOString() } };

describe('ApiKey', () => {
  it('creates a key in the command’s organization with its hash and display prefix only', () => {
    spec.given([]).when(create()).then([created]);
  });

  it('keeps an expiry when given, and refuses one in the past', () => {
    const expiresAt = new Date('2027-01-01T00:00:00.000Z');
    spec
      .given([])
      .when(create({ expiresAt }))
      .then([{ ...created, data: { ...created.data, expiresAt: expiresAt.toISOString() } } as ApiKeyEvent]);
    spec
      .given([])
      .when(create({ expiresAt: now }))
      .thenThrows(withCode('api_key.expiry_invalid'));
  });

  it('refuses a raw key where the hash belongs, and a prefix that reveals too much', () => {
    spec
      .given([])
      .when(create({ keyHash: 'weft_ak_' + 'x'.repeat(43) }))
      .thenThrows(withCode('identity.hash_malformed'));
    spec
      .given([])
      .when(create({ prefix: 'weft_ak_' + 'x'.repeat(43) }))
      .thenThrows(withCode('api_key.prefix_invalid'));
  });

  it('refuses an empty name and a second creation', () => {
    spec
      .given([])
      .when(create({ name: ' ' }))
      .thenThrows(withCode('api_key.name_invalid'));
    spec.given([created]).when(create()).thenThrows(withCode('api_key.exists'));
  });

  it('revokes, idempotently', () => {
    spec.given([created]).when(revoke()).then([revoked]);
    spec.given([created, revoked]).when(revoke()).then([]);
  });

  it('reports another organization’s key, or no key, as not found', () => {
    spec.given([created]).when(revoke('org-2')).thenThrows(withCode('api_key.not_found'));
    spec.given([]).when(revoke()).thenThrows(withCode('api_key.not_found'));
  });
});

describe('ApiKey: state from its events', () => {
  it('is active once created and revoked once revoked, in its organization', () => {
    expect(foldEvents(apiKeyDecider, [created])).toMatchObject({ status: 'active', apiKeyId: 'key-1', organizationId: 'org-1', name: 'CI deploys' });
    expect(foldEvents(apiKeyDecider, [created, revoked])).toMatchObject({ status: 'revoked', organizationId: 'org-1' });
  });
});
