import { DeciderSpecification, UserError } from '@weft/kernel';
import { activated, command, created, validActivation, webhook } from '../workflow/workflow-fixtures.js';
import { workflowDecider } from '../workflow/workflow-decider.js';
import { type WebhookNamespaceEvent, webhookNamespaceDecider, webhookNamespaceOf, webhookNamespaceStreamId } from './webhook-namespace.js';

const spec = DeciderSpecification.for(webhookNamespaceDecider);
const metadata = { commandId: 'c-1', now: new Date('2026-12-07T10:00:00Z') };
const at = metadata.now.toISOString();
const claim = (workflowId: string, organizationId = 'org-a', segment = 'Orders') => ({
  type: 'ClaimWebhookNamespace' as const,
  data: { segment, organizationId, workflowId },
  metadata,
});
const release = (workflowId: string, organizationId = 'org-a') => ({
  type: 'ReleaseWebhookNamespace' as const,
  data: { segment: 'orders', organizationId, workflowId },
  metadata,
});
const claimed = (workflowId: string, organizationId = 'org-a'): WebhookNamespaceEvent => ({
  type: 'WebhookNamespaceClaimed',
  data: { segment: 'orders', organizationId, workflowId, claimedAt: at },
});
const released = (workflowId: string, organizationId = 'org-a'): WebhookNamespaceEvent => ({
  type: 'WebhookNamespaceReleased',
  data: { segment: 'orders', organizationId, workflowId, releasedAt: at },
});
const takenBy = (error: unknown) =>
  error instanceof UserError && error.kind === 'conflict' && error.code === 'webhook.namespace_taken' && !error.message.includes('org-a');

describe('webhook namespaces: a first segment belongs to one organization', () => {
  it('gives a free segment (any case) to the first organization that activates under it', () => {
    spec
      .given([])
      .when(claim('wf-1'))
      .then([claimed('wf-1')]);
  });

  it('lets more workflows of the same organization in, once each', () => {
    spec
      .given([claimed('wf-1')])
      .when(claim('wf-2'))
      .then([claimed('wf-2')]);
    spec
      .given([claimed('wf-1')])
      .when(claim('wf-1'))
      .then([]);
  });

  it('refuses every other organization while one workflow of the holder remains (409, the holder not named)', () => {
    spec
      .given([claimed('wf-1')])
      .when(claim('wf-9', 'org-b', 'orders'))
      .thenThrows(takenBy);
    spec
      .given([claimed('wf-1'), claimed('wf-2'), released('wf-1')])
      .when(claim('wf-9', 'org-b'))
      .thenThrows(takenBy);
  });

  it('is free again once the last workflow of the holder leaves', () => {
    spec
      .given([claimed('wf-1'), claimed('wf-2'), released('wf-1'), released('wf-2')])
      .when(claim('wf-9', 'org-b'))
      .then([claimed('wf-9', 'org-b')]);
  });

  it('ignores releases by workflows that hold nothing, and by other organizations', () => {
    spec
      .given([claimed('wf-1')])
      .when(release('wf-2'))
      .then([]);
    spec
      .given([claimed('wf-1')])
      .when(release('wf-1', 'org-b'))
      .then([]);
    spec.given([]).when(release('wf-1')).then([]);
  });

  it('names one stream per segment, without case', () => {
    expect(webhookNamespaceStreamId('Orders')).toBe(webhookNamespaceStreamId('orders'));
    expect(webhookNamespaceStreamId('orders')).not.toBe(webhookNamespaceStreamId('invoices'));
    expect(webhookNamespaceOf({ path: 'Orders/:id' })).toBe('orders');
  });
});

describe('activation: a webhook path starts with a literal segment', () => {
  const workflows = DeciderSpecification.for(workflowDecider);
  const firstIsParameter = (error: unknown) =>
    error instanceof UserError &&
    error.kind === 'unprocessable' &&
    error.code === 'webhook.path_parameter_first' &&
    error.details['route'] === 'POST :anything';

  it('refuses a parameter as the first segment with 422', () => {
    workflows
      .given([created])
      .when(command('ActivateWorkflow', { ...validActivation, webhooks: [{ ...webhook, path: ':anything' }] }))
      .thenThrows(firstIsParameter);
    workflows
      .given([created, activated(1)])
      .when(command('ActivateWorkflow', { ...validActivation, webhooks: [{ ...webhook, path: '/:anything/' }] }))
      .thenThrows(firstIsParameter);
  });

  it('takes parameters after a literal first segment', () => {
    const [event] = workflows
      .given([created])
      .when(command('ActivateWorkflow', { ...validActivation, webhooks: [{ ...webhook, path: 'orders/:orderId' }] }))
      .events();
    expect(event).toMatchObject({ type: 'WorkflowActivated', data: { webhooks: [{ path: 'orders/:orderId' }] } });
  });
});
