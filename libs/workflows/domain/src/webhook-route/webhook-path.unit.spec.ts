import { normalizeWebhookMethod, normalizeWebhookPath, normalizeWebhookRoute, webhookPathProblem, webhookRouteKey } from './webhook-path.js';

describe('webhook paths', () => {
  it.each([
    ['orders', 'orders'],
    ['/orders/', 'orders'],
    ['  //orders//big/ ', 'orders/big'],
    ['Orders/V1.2/x_y~z-w', 'Orders/V1.2/x_y~z-w'],
    ['orders/:id/items/:item_id', 'orders/:id/items/:item_id'],
    ['v1.json', 'v1.json'],
  ])('normalises %j to %j (case kept, outer slashes trimmed)', (raw, normalised) => {
    expect(normalizeWebhookPath(raw)).toBe(normalised);
  });

  it.each([
    ['', 'empty'],
    ['///', 'empty'],
    ['orders/../admin', '".."'],
    ['./orders', '"."'],
    ['orders?x=1', 'may hold only'],
    ['orders/%2e%2e', 'may hold only'],
    ['ordres/a b', 'may hold only'],
    ['orders/:', 'is not a parameter'],
    ['orders/:1id', 'is not a parameter'],
    ['orders/a:b', 'may hold only'],
    ['ünicode', 'may hold only'],
    ['x'.repeat(256), 'at most 255'],
  ])('refuses %j', (raw, why) => {
    expect(webhookPathProblem(raw)).toContain(why);
    expect(() => normalizeWebhookPath(raw)).toThrow(expect.objectContaining({ kind: 'validation', code: 'webhook.path_invalid' }));
  });

  it('upper-cases methods and refuses unknown ones', () => {
    expect(normalizeWebhookMethod(' post ')).toBe('POST');
    expect(() => normalizeWebhookMethod('TRACE')).toThrow(expect.objectContaining({ code: 'webhook.method_invalid' }));
  });

  it('keys routes by method and shape, so parameter names do not make two routes', () => {
    const key = (method: string, path: string) => webhookRouteKey(normalizeWebhookRoute({ method, path }));
    expect(key('post', '/orders/:id')).toBe('POST orders/:');
    expect(key('POST', 'orders/:orderId/')).toBe(key('post', '/orders/:id'));
    expect(key('GET', 'orders/:id')).not.toBe(key('POST', 'orders/:id'));
    expect(key('POST', 'Orders')).not.toBe(key('POST', 'orders'));
    expect(key('POST', 'orders/big')).not.toBe(key('POST', 'orders/:id'));
  });
});
