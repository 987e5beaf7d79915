import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { workflowDecider } from './workflow-decider.js';
import { type WorkflowCommand } from './workflow-commands.js';
import { type WorkflowEvent } from './workflow-events.js';
import { type ExistingWorkflow } from './workflow-state.js';
import { command, connections, create, created, nodes, published, renamed } from './workflow-fixtures.js';

const spec = DeciderSpecification.for(workflowDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const update = (
  data: Omit<Extract<WorkflowCommand, { type: 'UpdateWorkflow' }>['data'], 'actorRole' | 'credentialUse'>,
  options: Parameters<typeof command>[2] = {},
) => command('UpdateWorkflow', data, options);

describe('Workflow: creating', () => {
  it('creates version 1 as a draft with its full content, trimmed name and de-duplicated tags', () => {
    spec.given([]).when(create()).then([created]);
  });

  it('keeps team, description, settings, template facts', () => {
    const [event] = spec
      .given([])
      .when(create({ teamId: 'team-1', description: ' Routes big orders ', settings: { timezone: 'UTC' }, isTemplate: true, fromTemplateId: 'wf-0' }))
      .events();
    expect(event?.data).toMatchObject({
      teamId: 'team-1',
      description: 'Routes big orders',
      settings: { timezone: 'UTC' },
      isTemplate: true,
      fromTemplateId: 'wf-0',
    });
  });

  it('refuses a bad slug, an empty name, bad tags, a non-array graph and an oversized definition', () => {
    spec
      .given([])
      .when(create({ slug: 'Big Orders' }))
      .thenThrows(withCode('workflow.slug_invalid'));
    spec
      .given([])
      .when(create({ name: '   ' }))
      .thenThrows(withCode('workflow.name_invalid'));
    spec
      .given([])
      .when(create({ tags: ['x'.repeat(33)] }))
      .thenThrows(withCode('workflow.tags_invalid'));
    spec
      .given([])
      .when(create({ nodes: {} as never }))
      .thenThrows(withCode('workflow.definition_invalid'));
    const huge = [{ id: 'n', type: 'code', properties: { code: 'x'.repeat(1024 * 1024) } }];
    spec
      .given([])
      .when(create({ nodes: huge }))
      .thenThrows(withCode('workflow.definition_too_large'));
  });

  it('refuses auditors and non-members, and a second creation of the same stream', () => {
    spec
      .given([])
      .when(create({}, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
    spec
      .given([])
      .when(create({}, { actorRole: null }))
      .thenThrows(withCode('workflow.permission_denied'));
    spec.given([created]).when(create()).thenThrows(withCode('workflow.exists'));
  });
});

describe('Workflow: updating', () => {
  it('records version + 1 with the full content and the changed fields', () => {
    spec
      .given([created])
      .when(update({ expectedVersion: 1, name: 'Large orders' }))
      .then([renamed(2, 'Large orders')]);
    spec
      .given([created, renamed(2, 'Large orders')])
      .when(update({ expectedVersion: 2, name: 'Huge orders' }))
      .then([renamed(3, 'Huge orders')]);
  });

  it('lists every changed content field, including the graph', () => {
    const moreNodes = [...nodes, { id: 'log', type: 'noOp' }];
    const [event] = spec
      .given([created])
      .when(update({ expectedVersion: 1, nodes: moreNodes, tags: ['ops'], teamId: 'team-2' }))
      .events();
    expect(event?.data).toMatchObject({ version: 2, nodes: moreNodes, connections, tags: ['ops'], teamId: 'team-2', changed: ['teamId', 'nodes', 'tags'] });
  });

  it('decides nothing when nothing changes (same values, another key order)', () => {
    spec
      .given([created])
      .when(update({ expectedVersion: 1, name: 'Big orders', tags: ['sales', 'ops'], nodes: nodes.map((node) => ({ ...node })) }))
      .then([]);
    spec
      .given([created])
      .when(update({ expectedVersion: 1, settings: {} }))
      .then([]);
  });

  it('refuses a stale expectedVersion with 409 naming both versions', () => {
    const refusal = (error: unknown) =>
      withCode('workflow.version_conflict')(error) && (error as UserError).kind === 'conflict' && (error as UserError).details['currentVersion'] === 2;
    spec
      .given([created, renamed(2, 'Large orders')])
      .when(update({ expectedVersion: 1, name: 'Mine' }))
      .thenThrows(refusal);
    spec
      .given([created])
      .when(update({ expectedVersion: 2, name: 'Mine' }))
      .thenThrows(withCode('workflow.version_conflict'));
  });

  it('restores an old version by updating with its content', () => {
    const history: WorkflowEvent[] = [created, renamed(2, 'Large orders')];
    const v1 = (created as Extract<WorkflowEvent, { type: 'WorkflowCreated' }>).data;
    const [event] = spec
      .given(history)
      .when(update({ expectedVersion: 2, name: v1.name, nodes: v1.nodes, tags: v1.tags }))
      .events();
    expect(event).toEqual(renamed(3, 'Big orders'));
    const state = foldEvents(workflowDecider, [...history, event as WorkflowEvent]) as ExistingWorkflow;
    expect(state.content.name).toBe('Big orders');
    expect(state.version).toBe(3);
  });

  it('refuses auditors', () => {
    spec
      .given([created])
      .when(update({ expectedVersion: 1, name: 'X' }, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
  });
});

describe('Workflow: publishing', () => {
  it('pins the current version and makes the workflow published', () => {
    spec
      .given([created, renamed(2, 'Large orders')])
      .when(command('PublishWorkflow', {}))
      .then([published(2)]);
    const state = foldEvents(workflowDecider, [created, published(1)]) as ExistingWorkflow;
    expect(state).toMatchObject({ status: 'published', publishedVersion: 1 });
  });

  it('is a no-op when the current version is already published, and publishes a newer one', () => {
    spec
      .given([created, published(1)])
      .when(command('PublishWorkflow', {}))
      .then([]);
    spec
      .given([created, published(1), renamed(2, 'Large orders')])
      .when(command('PublishWorkflow', { expectedVersion: 2 }))
      .then([published(2)]);
  });

  it('refuses a stale expectedVersion and auditors', () => {
    spec
      .given([created, renamed(2, 'Large orders')])
      .when(command('PublishWorkflow', { expectedVersion: 1 }))
      .thenThrows(withCode('workflow.version_conflict'));
    spec
      .given([created])
      .when(command('PublishWorkflow', {}, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
  });
});

describe('Workflow: tenant isolation', () => {
  it('reports another organization’s workflow as not found, whatever the command', () => {
    const foreign = { organizationId: 'org-2', actorRole: 'owner' as const };
    spec
      .given([created])
      .when(command('UpdateWorkflow', { expectedVersion: 1, name: 'X' }, foreign))
      .thenThrows(withCode('workflow.not_found'));
    spec
      .given([created])
      .when(command('PublishWorkflow', {}, foreign))
      .thenThrows(withCode('workflow.not_found'));
    spec
      .given([created])
      .when(command('DeleteWorkflow', {}, foreign))
      .thenThrows(withCode('workflow.not_found'));
    spec.given([]).when(command('ArchiveWorkflow', {})).thenThrows(withCode('workflow.not_found'));
  });

  it('checks the tenant before the role, so a foreign auditor learns nothing', () => {
    spec
      .given([created])
      .when(command('PublishWorkflow', {}, { organizationId: 'org-2', actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.not_found'));
  });
});
