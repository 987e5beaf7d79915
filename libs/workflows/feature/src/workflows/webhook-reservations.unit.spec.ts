import { randomUUID } from 'node:crypto';
import { type CommandContext, loadState } from '@weft/kernel';
import { MemoryEventStreamStore } from '@weft/testing';
import { type ActiveWebhook, webhookNamespaceDecider, webhookNamespaceStreamId, webhookRouteDecider, webhookRouteStreamId } from '@weft/workflows-domain';
import { WebhookReservations } from './webhook-reservations.js';

// The reservations around an activation, against real streams in memory: all or
// nothing, given back as the next activation needs, and recorded with the request's
// context on every event (the one command path).

const organizationId = randomUUID();
const context = (org = organizationId): CommandContext => ({
  actor: { type: 'user', id: randomUUID() },
  organizationId: org,
  correlationId: `req-${randomUUID()}`,
  clientIp: '203.0.113.7',
});
const hook = (path: string, method: ActiveWebhook['method'] = 'POST'): ActiveWebhook => ({ method, path, nodeId: `n-${path}` });

let store: MemoryEventStreamStore;
let reservations: WebhookReservations;
const routeHolder = async (route: ActiveWebhook) => {
  const state = await loadState(store, webhookRouteStreamId(route), webhookRouteDecider);
  return state.status === 'reserved' ? state.workflowId : null;
};
const namespaceHolder = async (segment: string) => {
  const state = await loadState(store, webhookNamespaceStreamId(segment), webhookNamespaceDecider);
  return state.status === 'held' ? state.organizationId : null;
};

beforeEach(() => {
  store = new MemoryEventStreamStore();
  reservations = new WebhookReservations(store);
});

describe('webhook reservations', () => {
  it('claim the namespaces and reserve the routes, with the request’s context on every event', async () => {
    const workflowId = randomUUID();
    const request = context();
    await reservations.take([hook('orders/new'), hook('orders/:id', 'GET')], [], workflowId, request);
    expect(await routeHolder(hook('orders/new'))).toBe(workflowId);
    expect(await routeHolder(hook('orders/:id', 'GET'))).toBe(workflowId);
    expect(await namespaceHolder('orders')).toBe(organizationId);
    const [claimed] = await store.readStream(webhookNamespaceStreamId('orders'));
    expect(claimed?.metadata).toMatchObject({
      organizationId,
      actorId: request.actor?.id,
      actorType: 'user',
      correlationId: request.correlationId,
      clientIp: '203.0.113.7',
    });
  });

  it('keep nothing of an activation that is refused: a route held by another workflow is 409, and what was taken is given back', async () => {
    const other = randomUUID();
    await reservations.take([hook('shop/paid')], [], other, context());
    const workflowId = randomUUID();
    await expect(reservations.take([hook('shop/new'), hook('shop/paid'), hook('billing/run')], [], workflowId, context())).rejects.toMatchObject({
      code: 'webhook.route_taken',
    });
    expect(await routeHolder(hook('shop/new'))).toBeNull();
    expect(await routeHolder(hook('shop/paid'))).toBe(other);
    expect(await namespaceHolder('billing')).toBeNull();
    expect(await namespaceHolder('shop')).toBe(organizationId); // still the other workflow's
  });

  it('refuse a first segment another organization holds', async () => {
    await reservations.take([hook('acme/orders')], [], randomUUID(), context(randomUUID()));
    await expect(reservations.take([hook('acme/invoices')], [], randomUUID(), context())).rejects.toMatchObject({ code: 'webhook.namespace_taken' });
    expect(await routeHolder(hook('acme/invoices'))).toBeNull();
  });

  it('give back what the next activation no longer uses, and keep what it does', async () => {
    const workflowId = randomUUID();
    const first = [hook('a/one'), hook('b/two')];
    const second = [hook('a/one'), hook('a/three')];
    await reservations.take(first, [], workflowId, context());
    await reservations.take(second, first, workflowId, context());
    await reservations.giveBack(first, second, workflowId, context());
    expect(await routeHolder(hook('a/one'))).toBe(workflowId);
    expect(await routeHolder(hook('a/three'))).toBe(workflowId);
    expect(await routeHolder(hook('b/two'))).toBeNull();
    expect(await namespaceHolder('a')).toBe(organizationId);
    expect(await namespaceHolder('b')).toBeNull();
  });
});
