import { publishedForm } from '../publication.js';
import { isPublicWorkflowsEventType, validateWorkflowsEvent, workflowsEventSchemaVersions } from './validate.js';

const ids = { workflowId: 'w', organizationId: 'o' };
const content = {
  name: 'Big orders',
  description: null,
  teamId: null,
  nodes: [{ id: 'hook', type: 'webhookTrigger' }],
  connections: [],
  settings: {},
  tags: ['ops'],
};
const created = {
  ...ids,
  ...content,
  slug: 'big-orders',
  version: 1,
  status: 'draft',
  isTemplate: false,
  fromTemplateId: null,
  createdBy: 'u',
  createdAt: 'x',
};
const blob = { ciphertext: 'c', iv: 'i', tag: 't', keyId: 'k', dataKeyVersion: 1 };
const credentialCreated = {
  credentialId: 'c',
  organizationId: 'o',
  name: 'Shop',
  type: 'httpBearerAuth',
  isShared: false,
  expiresAt: null,
  ownerId: 'u',
  createdBy: 'u',
  createdAt: 'x',
};

describe('workflows contracts', () => {
  it('accepts well-formed workflow events with their full content and routes', () => {
    expect(validateWorkflowsEvent({ type: 'WorkflowCreated', data: created })).toEqual([]);
    expect(
      validateWorkflowsEvent({ type: 'WorkflowUpdated', data: { ...ids, ...content, version: 2, changed: ['name'], updatedBy: 'u', updatedAt: 'x' } }),
    ).toEqual([]);
    const routes = { version: 1, webhooks: [{ method: 'POST', path: 'orders', nodeId: 'hook' }], schedules: [] };
    expect(validateWorkflowsEvent({ type: 'WorkflowActivated', data: { ...ids, ...routes, activatedBy: 'u', activatedAt: 'x' } })).toEqual([]);
    expect(
      validateWorkflowsEvent({ type: 'WorkflowDeactivated', data: { ...ids, ...routes, reason: 'archived', deactivatedBy: 'u', deactivatedAt: 'x' } }),
    ).toEqual([]);
  });

  it('refuses a graph that is not an array, missing tenants and unknown fields', () => {
    expect(validateWorkflowsEvent({ type: 'WorkflowCreated', data: { ...created, nodes: {} } })).toEqual(['nodes must be array']);
    expect(validateWorkflowsEvent({ type: 'WorkflowArchived', data: { workflowId: 'w', archivedBy: 'u', archivedAt: 'x' } })).toEqual([
      'organizationId must be string',
    ]);
    expect(validateWorkflowsEvent({ type: 'WorkflowPublished', data: { ...ids, version: 1, publishedBy: 'u', publishedAt: 'x', extra: 1 } })).toEqual([
      'extra is not part of the contract',
    ]);
    expect(validateWorkflowsEvent({ type: 'WorkflowDeleted', data: [] })).toEqual(['data must be an object']);
  });

  it('refuses a credential event that carries the encrypted blob or anything like plaintext', () => {
    expect(validateWorkflowsEvent({ type: 'CredentialCreated', data: credentialCreated })).toEqual([]);
    expect(validateWorkflowsEvent({ type: 'CredentialCreated', data: { ...credentialCreated, encrypted: blob } })).toEqual([
      'encrypted is not part of the contract',
    ]);
    expect(
      validateWorkflowsEvent({
        type: 'CredentialUpdated',
        data: { credentialId: 'c', organizationId: 'o', dataChanged: true, data: { token: 'x' }, updatedBy: 'u', updatedAt: 'x' },
      }),
    ).toEqual(['data is not part of the contract']);
  });

  it('accepts the published form of stored credential events (encrypted stripped)', () => {
    const stored = [
      { type: 'CredentialCreated', data: { ...credentialCreated, encrypted: blob } },
      { type: 'CredentialUpdated', data: { credentialId: 'c', organizationId: 'o', encrypted: blob, dataChanged: true, updatedBy: 'u', updatedAt: 'x' } },
      {
        type: 'CredentialReencrypted',
        data: {
          credentialId: 'c',
          organizationId: 'o',
          encrypted: blob,
          keyId: 'k2',
          dataKeyVersion: 2,
          previousKeyId: 'k',
          previousDataKeyVersion: 1,
          reencryptedBy: 'u',
          reencryptedAt: 'x',
        },
      },
    ];
    for (const event of stored) {
      const published = publishedForm(event);
      expect(published).not.toBeNull();
      expect(validateWorkflowsEvent(published ?? event)).toEqual([]);
    }
  });

  it('versions every public event type and knows no others', () => {
    expect(Object.keys(workflowsEventSchemaVersions)).toHaveLength(11);
    for (const type of Object.keys(workflowsEventSchemaVersions)) expect(isPublicWorkflowsEventType(type)).toBe(true);
    expect(validateWorkflowsEvent({ type: 'WebhookRouteReserved', data: {} })).toEqual(['WebhookRouteReserved is not a public workflows event']);
  });
});
