import { type Decider, UserError, canonicalJson } from '@weft/kernel';
import { requireRole } from '../commands.js';
import { type WorkflowContent, optionalWorkflowDescription, requireDefinition, requireTags, requireWorkflowName } from './workflow-definition.js';
import { activate, archive, archived, deactivate, remove } from './workflow-activation.js';
import { type CreateWorkflow, type PublishWorkflow, type UpdateWorkflow, type WorkflowCommand } from './workflow-commands.js';
import { requireUsableCredentials } from './workflow-credentials.js';
import { type WorkflowEvent } from './workflow-events.js';
import { requireWorkflowSlug } from './workflow-slug.js';
import { type ExistingWorkflow, type WorkflowState, evolveWorkflow, initialWorkflowState } from './workflow-state.js';

const CONTENT_FIELDS: readonly (keyof WorkflowContent)[] = ['name', 'description', 'teamId', 'nodes', 'connections', 'settings', 'tags'];

/** Decides the Workflow aggregate's events; time and ids come with the command. */
export function decideWorkflow(command: WorkflowCommand, state: WorkflowState): WorkflowEvent[] {
  if (command.type === 'CreateWorkflow') return create(command, state);
  // Tenant isolation: another organization's workflow, or a deleted one, is missing.
  const sameOrganization = state.status !== 'none' && state.organizationId === command.metadata.organizationId;
  if (!sameOrganization || state.deleted) {
    if (command.type === 'DeleteWorkflow' && sameOrganization) return [];
    throw new UserError('not_found', 'workflow.not_found', 'No such workflow.');
  }
  requireRole(command.data.actorRole, 'workflow:write', 'workflow');
  switch (command.type) {
    case 'UpdateWorkflow':
      return update(command, state);
    case 'PublishWorkflow':
      return publish(command, state);
    case 'ArchiveWorkflow':
      return archive(command, state);
    case 'ActivateWorkflow':
      return activate(command, state);
    case 'DeactivateWorkflow':
      return deactivate(command, state, 'requested');
    case 'DeleteWorkflow':
      return remove(command, state);
  }
}

/** The Workflow aggregate as a decider. */
export const workflowDecider = {
  decide: decideWorkflow,
  evolve: evolveWorkflow,
  initialState: initialWorkflowState,
} satisfies Decider<WorkflowState, WorkflowCommand, WorkflowEvent>;

function create(command: CreateWorkflow, state: WorkflowState): WorkflowEvent[] {
  if (state.status !== 'none') throw new UserError('conflict', 'workflow.exists', 'This workflow already exists.');
  requireRole(command.data.actorRole, 'workflow:write', 'workflow');
  const { organizationId, actorId, now } = command.metadata;
  const { workflowId, nodes, connections, settings, isTemplate, fromTemplateId } = command.data;
  const data = {
    workflowId,
    organizationId,
    slug: requireWorkflowSlug(command.data.slug),
    name: requireWorkflowName(command.data.name),
    description: optionalWorkflowDescription(command.data.description),
    teamId: command.data.teamId ?? null,
    ...requireDefinition({ nodes, connections, settings: settings ?? {} }),
    tags: requireTags(command.data.tags ?? []),
    version: 1 as const,
    status: 'draft' as const,
    isTemplate: isTemplate ?? false,
    fromTemplateId: fromTemplateId ?? null,
    createdBy: actorId,
    createdAt: now.toISOString(),
  };
  requireUsableCredentials(data.nodes, command.data.credentialUse);
  return [{ type: 'WorkflowCreated', data }];
}

function update(command: UpdateWorkflow, state: ExistingWorkflow): WorkflowEvent[] {
  requireExpectedVersion(command.data.expectedVersion, state);
  if (state.status === 'archived') throw archived();
  const next = contentAfter(command, state.content);
  const changed = CONTENT_FIELDS.filter((field) => canonicalJson(next[field]) !== canonicalJson(state.content[field]));
  if (changed.length === 0) return [];
  requireUsableCredentials(next.nodes, command.data.credentialUse);
  const { actorId, now } = command.metadata;
  const data = {
    workflowId: state.workflowId,
    organizationId: state.organizationId,
    ...next,
    version: state.version + 1,
    changed,
    updatedBy: actorId,
    updatedAt: now.toISOString(),
  };
  return [{ type: 'WorkflowUpdated', data }];
}

function contentAfter(command: UpdateWorkflow, current: WorkflowContent): WorkflowContent {
  const { name, description, teamId, nodes, connections, settings, tags } = command.data;
  return {
    name: name === undefined ? current.name : requireWorkflowName(name),
    description: description === undefined ? current.description : optionalWorkflowDescription(description),
    teamId: teamId === undefined ? current.teamId : teamId,
    ...requireDefinition({ nodes: nodes ?? current.nodes, connections: connections ?? current.connections, settings: settings ?? current.settings }),
    tags: tags === undefined ? current.tags : requireTags(tags),
  };
}

function publish(command: PublishWorkflow, state: ExistingWorkflow): WorkflowEvent[] {
  if (command.data.expectedVersion !== undefined) requireExpectedVersion(command.data.expectedVersion, state);
  if (state.status === 'archived') throw archived();
  if (state.publishedVersion === state.version) return [];
  requireUsableCredentials(state.content.nodes, command.data.credentialUse);
  const { actorId, now } = command.metadata;
  return [
    {
      type: 'WorkflowPublished',
      data: {
        workflowId: state.workflowId,
        organizationId: state.organizationId,
        version: state.version,
        publishedBy: actorId,
        publishedAt: now.toISOString(),
      },
    },
  ];
}

function requireExpectedVersion(expectedVersion: number, state: ExistingWorkflow): void {
  if (expectedVersion !== state.version) {
    throw new UserError(
      'conflict',
      'workflow.version_conflict',
      `The workflow is at version ${state.version}, not ${expectedVersion}; reload it and apply your change again.`,
      {
        expectedVersion,
        currentVersion: state.version,
      },
    );
  }
}
