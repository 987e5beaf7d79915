import { type OrganizationRole } from '@weft/kernel';
import { type ActivationFacts, type WorkflowCommand } from './workflow-commands.js';
import { type CredentialUseFact } from './workflow-credentials.js';
import { type WorkflowConnection, type WorkflowNode } from './workflow-definition.js';
import { type WorkflowEvent } from './workflow-events.js';

// Test data shared by the Workflow specs (not exported from the library).
export const orgId = 'org-1';
export const author = 'user-author';
export const now = new Date('2026-12-02T10:00:00.000Z');
export const at = now.toISOString();
export const ids = { workflowId: 'wf-1', organizationId: orgId };

export const nodes: WorkflowNode[] = [
  { id: 'hook', type: 'webhookTrigger', position: { x: 100, y: 100 }, properties: { path: 'orders', method: 'POST', responseMode: 'lastNode' } },
  { id: 'notify', type: 'httpRequest', properties: { method: 'POST', url: 'http://127.0.0.1:9999/big-orders' }, credentials: { id: 'cred-1' } },
];
/** The fixture's one credential, usable by the actor unless a spec says otherwise. */
export const usableCredentials: CredentialUseFact[] = [{ nodeId: 'notify', credentialId: 'cred-1', credentialName: 'Shop API', usable: true }];
export const connections: WorkflowConnection[] = [{ source: 'hook', target: 'notify', sourceOutput: 'main', targetInput: 'main' }];

/** A command of `type` by `actorId` (role `actorRole`) in `organizationId`. */
export function command<T extends WorkflowCommand['type']>(
  type: T,
  data: Omit<Extract<WorkflowCommand, { type: T }>['data'], 'actorRole' | 'credentialUse'> & { credentialUse?: readonly CredentialUseFact[] },
  options: { actorRole?: OrganizationRole | null; actorId?: string; organizationId?: string } = {},
): WorkflowCommand {
  const { actorRole = 'member', actorId = author, organizationId = orgId } = options;
  return {
    type,
    data: { actorRole, credentialUse: usableCredentials, ...data },
    metadata: { commandId: 'cmd-1', now, organizationId, actorId },
  } as WorkflowCommand;
}

export const create = (extra: Partial<Extract<WorkflowCommand, { type: 'CreateWorkflow' }>['data']> = {}, options: Parameters<typeof command>[2] = {}) =>
  command(
    'CreateWorkflow',
    { workflowId: 'wf-1', name: ' Big orders ', slug: 'big-orders', nodes, connections, tags: ['sales', ' Sales ', 'ops'], ...extra },
    options,
  );

export const created: WorkflowEvent = {
  type: 'WorkflowCreated',
  data: {
    ...ids,
    slug: 'big-orders',
    name: 'Big orders',
    description: null,
    teamId: null,
    nodes,
    connections,
    settings: {},
    tags: ['sales', 'ops'],
    version: 1,
    status: 'draft',
    isTemplate: false,
    fromTemplateId: null,
    createdBy: author,
    createdAt: at,
  },
};

/** Version `version` with `name`, as an UpdateWorkflow of the name would record it. */
export const renamed = (version: number, name: string): WorkflowEvent => {
  const {
    slug: _slug,
    version: _v,
    status: _s,
    isTemplate: _t,
    fromTemplateId: _f,
    createdBy: _b,
    createdAt: _a,
    ...content
  } = (created as Extract<WorkflowEvent, { type: 'WorkflowCreated' }>).data;
  return { type: 'WorkflowUpdated', data: { ...content, name, version, changed: ['name'], updatedBy: author, updatedAt: at } };
};

export const published = (version: number): WorkflowEvent => ({ type: 'WorkflowPublished', data: { ...ids, version, publishedBy: author, publishedAt: at } });

export const webhook = { method: 'POST' as const, path: 'orders', nodeId: 'hook' };
export const validActivation: ActivationFacts = {
  validation: { problems: [] },
  webhooks: [{ method: 'post', path: '/orders/', nodeId: 'hook' }],
  schedules: [],
  credentialUse: usableCredentials,
};

export const activated = (version: number): WorkflowEvent => ({
  type: 'WorkflowActivated',
  data: { ...ids, version, webhooks: [webhook], schedules: [], activatedBy: author, activatedAt: at },
});
export const deactivated = (version: number, reason: 'requested' | 'archived' | 'deleted'): WorkflowEvent => ({
  type: 'WorkflowDeactivated',
  data: { ...ids, version, webhooks: [webhook], schedules: [], reason, deactivatedBy: author, deactivatedAt: at },
});
export const archivedEvent: WorkflowEvent = { type: 'WorkflowArchived', data: { ...ids, archivedBy: author, archivedAt: at } };
export const deletedEvent: WorkflowEvent = { type: 'WorkflowDeleted', data: { ...ids, slug: 'big-orders', deletedBy: author, deletedAt: at } };
