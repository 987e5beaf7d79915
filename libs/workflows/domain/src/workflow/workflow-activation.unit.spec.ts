import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { workflowDecider } from './workflow-decider.js';
import { type ExistingWorkflow } from './workflow-state.js';
import {
  activated,
  archivedEvent,
  command,
  created,
  deactivated,
  deletedEvent,
  ids,
  published,
  renamed,
  validActivation,
  webhook,
} from './workflow-fixtures.js';

const spec = DeciderSpecification.for(workflowDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const activate = (facts = validActivation, options: Parameters<typeof command>[2] = {}) => command('ActivateWorkflow', facts, options);

describe('Workflow: activating', () => {
  it('activates the current version of a draft on its normalised webhook routes', () => {
    spec
      .given([created])
      .when(activate())
      .then([activated(1)]);
  });

  it('activates the published version, not a newer draft edit', () => {
    spec
      .given([created, published(1), renamed(2, 'Large orders')])
      .when(activate())
      .then([activated(1)]);
  });

  it('refuses a definition with problems as 422, listing them', () => {
    const problems = [{ code: 'unknown_node_type', nodeId: 'x', path: 'nodes[0].type', message: 'unknown node type "nope"' }];
    const refusal = (error: unknown) =>
      withCode('workflow.invalid')(error) &&
      (error as UserError).kind === 'unprocessable' &&
      JSON.stringify((error as UserError).details['problems']) === JSON.stringify(problems) &&
      (error as UserError).details.errors?.[0]?.field === 'nodes[0].type';
    spec
      .given([created])
      .when(activate({ ...validActivation, validation: { problems } }))
      .thenThrows(refusal);
  });

  it('refuses the same route twice, a malformed route and a schedule with neither cron nor interval', () => {
    const twice = { ...validActivation, webhooks: [webhook, { ...webhook, path: '/orders', nodeId: 'hook2' }] };
    spec.given([created]).when(activate(twice)).thenThrows(withCode('workflow.invalid'));
    spec
      .given([created])
      .when(activate({ ...validActivation, webhooks: [{ ...webhook, path: '../admin' }] }))
      .thenThrows(withCode('webhook.path_invalid'));
    const schedule = { nodeId: 'tick', cron: null, interval: null, timezone: null };
    spec
      .given([created])
      .when(activate({ ...validActivation, schedules: [schedule] }))
      .thenThrows(withCode('workflow.schedule_invalid'));
  });

  it('lists the schedules with only their known fields', () => {
    const schedule = { nodeId: 'tick', cron: ' */5 * * * * ', interval: null, timezone: 'UTC', extra: 1 };
    const [event] = spec
      .given([created])
      .when(activate({ ...validActivation, schedules: [schedule] }))
      .events();
    expect(event?.data).toMatchObject({ schedules: [{ nodeId: 'tick', cron: '*/5 * * * *', interval: null, timezone: 'UTC' }] });
  });

  it('is a no-op when the same activation is already in force, and replaces it otherwise', () => {
    spec
      .given([created, activated(1)])
      .when(activate())
      .then([]);
    spec
      .given([created, activated(1), renamed(2, 'Large orders')])
      .when(activate())
      .then([activated(2)]);
  });

  it('refuses auditors, and archived workflows', () => {
    spec
      .given([created])
      .when(activate(validActivation, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
    spec.given([created, archivedEvent]).when(activate()).thenThrows(withCode('workflow.archived'));
  });
});

describe('Workflow: deactivating, archiving, deleting', () => {
  it('deactivates an active workflow, listing the routes to release; inactive is a no-op', () => {
    spec
      .given([created, activated(1)])
      .when(command('DeactivateWorkflow', {}))
      .then([deactivated(1, 'requested')]);
    spec.given([created]).when(command('DeactivateWorkflow', {})).then([]);
    spec
      .given([created, activated(1)])
      .when(command('DeactivateWorkflow', {}, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
  });

  it('archives, deactivating an active workflow in the same decision', () => {
    spec
      .given([created, activated(1)])
      .when(command('ArchiveWorkflow', {}))
      .then([deactivated(1, 'archived'), archivedEvent]);
    spec.given([created]).when(command('ArchiveWorkflow', {})).then([archivedEvent]);
    spec.given([created, archivedEvent]).when(command('ArchiveWorkflow', {})).then([]);
    expect(foldEvents(workflowDecider, [created, activated(1), deactivated(1, 'archived'), archivedEvent])).toMatchObject({ status: 'archived', active: null });
  });

  it('refuses edits and publication of an archived workflow', () => {
    spec
      .given([created, archivedEvent])
      .when(command('UpdateWorkflow', { expectedVersion: 1, name: 'X' }))
      .thenThrows(withCode('workflow.archived'));
    spec.given([created, archivedEvent]).when(command('PublishWorkflow', {})).thenThrows(withCode('workflow.archived'));
    spec
      .given([created])
      .when(command('ArchiveWorkflow', {}, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
  });

  it('deletes as deactivate + archive + delete; the events stay and later commands are not found', () => {
    spec
      .given([created, activated(1)])
      .when(command('DeleteWorkflow', {}))
      .then([deactivated(1, 'deleted'), archivedEvent, deletedEvent]);
    spec.given([created, archivedEvent]).when(command('DeleteWorkflow', {})).then([deletedEvent]);
    const gone = [created, archivedEvent, deletedEvent];
    spec.given(gone).when(command('DeleteWorkflow', {})).then([]);
    spec.given(gone).when(command('ActivateWorkflow', validActivation)).thenThrows(withCode('workflow.not_found'));
    spec
      .given(gone)
      .when(command('UpdateWorkflow', { expectedVersion: 1, name: 'X' }))
      .thenThrows(withCode('workflow.not_found'));
    expect(foldEvents(workflowDecider, gone) as ExistingWorkflow).toMatchObject({ ...ids, deleted: true, status: 'archived', version: 1 });
  });

  it('refuses deletion by an auditor or by another organization', () => {
    spec
      .given([created])
      .when(command('DeleteWorkflow', {}, { actorRole: 'auditor' }))
      .thenThrows(withCode('workflow.permission_denied'));
    spec
      .given([created, archivedEvent, deletedEvent])
      .when(command('DeleteWorkflow', {}, { organizationId: 'org-2' }))
      .thenThrows(withCode('workflow.not_found'));
  });
});
