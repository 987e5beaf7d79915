import { DeciderSpecification, UserError } from '@weft/kernel';
import { workflowDecider } from './workflow-decider.js';
import { type CredentialUseFact, credentialReferencesOf } from './workflow-credentials.js';
import { activated, command, create, created, nodes, renamed, validActivation } from './workflow-fixtures.js';

const spec = DeciderSpecification.for(workflowDecider);
const notUsable: CredentialUseFact[] = [{ nodeId: 'notify', credentialId: 'cred-1', credentialName: 'Owner API', usable: false }];
const refused = (error: unknown) =>
  error instanceof UserError &&
  error.kind === 'forbidden' &&
  error.code === 'workflow.credential_not_usable' &&
  error.details['node'] === 'notify' &&
  error.details['credentialId'] === 'cred-1' &&
  error.message.includes('Owner API');

describe('Workflow: the authority of a version over credentials', () => {
  it('lists the credentials a version names, ids lower-cased', () => {
    expect(credentialReferencesOf([...nodes, { id: 'x', type: 'code', name: 'X', credentials: { id: 'CRED-2' } }])).toEqual([
      { nodeId: 'notify', nodeName: 'notify', credentialId: 'cred-1' },
      { nodeId: 'x', nodeName: 'X', credentialId: 'cred-2' },
    ]);
  });

  it('refuses to create a version naming a credential its author may not use (403 naming the node and credential)', () => {
    spec
      .given([])
      .when(create({ credentialUse: notUsable }))
      .thenThrows(refused);
  });

  it('refuses a reference the caller did not look up: no fact is no permission', () => {
    spec
      .given([])
      .when(create({ credentialUse: [] }))
      .thenThrows((error) => error instanceof UserError && error.code === 'workflow.credential_not_usable' && error.details['node'] === 'notify');
    spec
      .given([])
      .when(create({ credentialUse: [{ nodeId: 'other', credentialId: 'cred-1', credentialName: 'Owner API', usable: true }] }))
      .thenThrows((error) => error instanceof UserError && error.code === 'workflow.credential_not_usable');
  });

  it('refuses any new version by an author who may not use its credentials, even one that only renames', () => {
    spec
      .given([created])
      .when(command('UpdateWorkflow', { expectedVersion: 1, name: 'Renamed', credentialUse: notUsable }))
      .thenThrows(refused);
    spec
      .given([created])
      .when(command('UpdateWorkflow', { expectedVersion: 1, name: 'Renamed' }))
      .then([renamed(2, 'Renamed')]);
  });

  it('allows a change that drops the credential the author may not use', () => {
    const withoutCredential = nodes.map(({ credentials: _credentials, ...node }) => node);
    const [event] = spec
      .given([created])
      .when(command('UpdateWorkflow', { expectedVersion: 1, nodes: withoutCredential, credentialUse: notUsable }))
      .events();
    expect(event?.type).toBe('WorkflowUpdated');
  });

  it('refuses to publish or activate for an actor who may not use the credentials of what would run', () => {
    spec
      .given([created])
      .when(command('PublishWorkflow', { credentialUse: notUsable }))
      .thenThrows(refused);
    spec
      .given([created])
      .when(command('ActivateWorkflow', { ...validActivation, credentialUse: notUsable }))
      .thenThrows(refused);
    spec
      .given([created, activated(1)])
      .when(command('ActivateWorkflow', { ...validActivation, credentialUse: notUsable }))
      .thenThrows(refused);
  });

  it('records who activated: the authority of the webhook and schedule runs', () => {
    const [event] = spec
      .given([created])
      .when(command('ActivateWorkflow', validActivation, { actorId: 'user-admin' }))
      .events();
    expect(event).toMatchObject({ type: 'WorkflowActivated', data: { activatedBy: 'user-admin' } });
  });
});
