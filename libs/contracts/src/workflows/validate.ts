import { type FieldSpec, problemsOf } from '../shape.js';
import {
  CredentialCreatedSchemaVersion,
  CredentialDeletedSchemaVersion,
  CredentialReencryptedSchemaVersion,
  CredentialUpdatedSchemaVersion,
  type PublicCredentialEvent,
} from './credential-events.js';
import {
  type PublicWorkflowEvent,
  WorkflowActivatedSchemaVersion,
  WorkflowArchivedSchemaVersion,
  WorkflowCreatedSchemaVersion,
  WorkflowDeactivatedSchemaVersion,
  WorkflowDeletedSchemaVersion,
  WorkflowPublishedSchemaVersion,
  WorkflowUpdatedSchemaVersion,
} from './workflow-events.js';

/** Every public event of the workflows context. */
export type PublicWorkflowsEvent = PublicWorkflowEvent | PublicCredentialEvent;

/** The type names of the workflows context's public events. */
export type PublicWorkflowsEventType = PublicWorkflowsEvent['type'];

const workflow = { workflowId: 'string', organizationId: 'string' } as const;
const credential = { credentialId: 'string', organizationId: 'string' } as const;
const content = {
  name: 'string',
  description: 'string|null',
  teamId: 'string|null',
  nodes: 'array',
  connections: 'array',
  settings: 'object',
  tags: 'array',
} as const;
const activation = { version: 'number', webhooks: 'array', schedules: 'array' } as const;

const workflowsEventSpecs: Readonly<Record<PublicWorkflowsEventType, FieldSpec>> = {
  WorkflowCreated: {
    ...workflow,
    ...content,
    slug: 'string',
    version: 'number',
    status: 'string',
    isTemplate: 'boolean',
    fromTemplateId: 'string|null',
    createdBy: 'string',
    createdAt: 'string',
  },
  WorkflowUpdated: { ...workflow, ...content, version: 'number', changed: 'array', updatedBy: 'string', updatedAt: 'string' },
  WorkflowPublished: { ...workflow, version: 'number', publishedBy: 'string', publishedAt: 'string' },
  WorkflowActivated: { ...workflow, ...activation, activatedBy: 'string', activatedAt: 'string' },
  WorkflowDeactivated: { ...workflow, ...activation, reason: 'string', deactivatedBy: 'string', deactivatedAt: 'string' },
  WorkflowArchived: { ...workflow, archivedBy: 'string', archivedAt: 'string' },
  WorkflowDeleted: { ...workflow, slug: 'string', deletedBy: 'string', deletedAt: 'string' },
  // No `encrypted` anywhere: a published credential event carrying it is refused.
  CredentialCreated: {
    ...credential,
    name: 'string',
    type: 'string',
    isShared: 'boolean',
    expiresAt: 'string|null',
    ownerId: 'string',
    createdBy: 'string',
    createdAt: 'string',
  },
  CredentialUpdated: { ...credential, name: 'string?', dataChanged: 'boolean', updatedBy: 'string', updatedAt: 'string' },
  CredentialReencrypted: {
    ...credential,
    keyId: 'string',
    dataKeyVersion: 'number',
    previousKeyId: 'string',
    previousDataKeyVersion: 'number',
    reencryptedBy: 'string',
    reencryptedAt: 'string',
  },
  CredentialDeleted: { ...credential, deletedBy: 'string', deletedAt: 'string' },
};

/** Schema version of each workflows event type, as published. */
export const workflowsEventSchemaVersions: Readonly<Record<PublicWorkflowsEventType, number>> = {
  WorkflowCreated: WorkflowCreatedSchemaVersion,
  WorkflowUpdated: WorkflowUpdatedSchemaVersion,
  WorkflowPublished: WorkflowPublishedSchemaVersion,
  WorkflowActivated: WorkflowActivatedSchemaVersion,
  WorkflowDeactivated: WorkflowDeactivatedSchemaVersion,
  WorkflowArchived: WorkflowArchivedSchemaVersion,
  WorkflowDeleted: WorkflowDeletedSchemaVersion,
  CredentialCreated: CredentialCreatedSchemaVersion,
  CredentialUpdated: CredentialUpdatedSchemaVersion,
  CredentialReencrypted: CredentialReencryptedSchemaVersion,
  CredentialDeleted: CredentialDeletedSchemaVersion,
};

/** True for the type names of public workflows events. */
export function isPublicWorkflowsEventType(type: string): type is PublicWorkflowsEventType {
  return Object.hasOwn(workflowsEventSpecs, type);
}

/**
 * Problems of an event against the workflows contracts (`[]` when valid). Run on
 * produce (after `publishedForm`) and on consume; fields outside the contract — a
 * credential's `encrypted` blob — are problems.
 */
export function validateWorkflowsEvent(event: { readonly type: string; readonly data: unknown }): string[] {
  if (!isPublicWorkflowsEventType(event.type)) return [`${event.type} is not a public workflows event`];
  return problemsOf(event.data, workflowsEventSpecs[event.type]);
}
