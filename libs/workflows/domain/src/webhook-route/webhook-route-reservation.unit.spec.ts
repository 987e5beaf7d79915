import { UserError } from '@weft/kernel';
import { type WebhookRouteState, decideWebhookRoute, evolveWebhookRoute, webhookRouteDecider, webhookRouteStreamId } from './webhook-route-reservation.js';

const metadata = { commandId: 'c-1', now: new Date('2026-12-02T10:00:00Z') };
const claim = (workflowId: string, organizationId = 'org-1', path = '/orders/') => ({ method: 'post', path, workflowId, organizationId });
const reserve = (workflowId: string, organizationId?: string, path?: string) => ({
  type: 'ReserveWebhookRoute' as const,
  data: claim(workflowId, organizationId, path),
  metadata,
});
const release = (workflowId: string) => ({ type: 'ReleaseWebhookRoute' as const, data: claim(workflowId), metadata });
const held: WebhookRouteState = decideWebhookRoute(reserve('wf-1'), { status: 'free' }).reduce(evolveWebhookRoute, webhookRouteDecider.initialState());

describe('webhook route reservation', () => {
  it('reserves a free route under its normalised name', () => {
    expect(decideWebhookRoute(reserve('wf-1'), { status: 'free' })).toEqual([
      {
        type: 'WebhookRouteReserved',
        data: { method: 'POST', path: 'orders', workflowId: 'wf-1', organizationId: 'org-1', reservedAt: '2026-12-02T10:00:00.000Z' },
      },
    ]);
  });

  it('is a no-op for the same workflow again', () => {
    expect(decideWebhookRoute(reserve('wf-1'), held)).toEqual([]);
  });

  it('refuses another workflow, of any organization, with 409 naming the route but not the holder', () => {
    let refusal: unknown;
    try {
      decideWebhookRoute(reserve('wf-9', 'org-2'), held);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({ kind: 'conflict', code: 'webhook.route_taken', details: { route: 'POST orders' } });
    expect((refusal as Error).message).toContain('POST orders');
    expect(JSON.stringify(refusal)).not.toContain('wf-1');
    expect((refusal as Error).message).not.toContain('wf-1');
    expect(() => decideWebhookRoute(reserve('wf-2'), held)).toThrow(expect.objectContaining({ code: 'webhook.route_taken' }));
  });

  it('frees the route only when its holder releases it', () => {
    expect(decideWebhookRoute(release('wf-2'), held)).toEqual([]);
    expect(decideWebhookRoute(release('wf-1'), { status: 'free' })).toEqual([]);
    const free = decideWebhookRoute(release('wf-1'), held).reduce(evolveWebhookRoute, held);
    expect(free).toEqual({ status: 'free' });
    expect(decideWebhookRoute(reserve('wf-2'), free).map((event) => event.type)).toEqual(['WebhookRouteReserved']);
  });

  it('refuses a malformed route', () => {
    expect(() => decideWebhookRoute(reserve('wf-1', 'org-1', 'a/../b'), { status: 'free' })).toThrow(expect.objectContaining({ code: 'webhook.path_invalid' }));
  });

  it('names one stream per route shape', () => {
    expect(webhookRouteStreamId({ method: 'post', path: '/orders/:id' })).toMatch(/^workflows\.WebhookRoute-[0-9a-f-]{36}$/);
    expect(webhookRouteStreamId({ method: 'post', path: '/orders/:id' })).toBe(webhookRouteStreamId({ method: 'POST', path: 'orders/:orderId' }));
    expect(webhookRouteStreamId({ method: 'GET', path: 'orders' })).not.toBe(webhookRouteStreamId({ method: 'POST', path: 'orders' }));
  });
});
