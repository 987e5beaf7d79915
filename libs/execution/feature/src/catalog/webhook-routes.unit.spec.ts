import { catalogRouteOf, paramsOf, requestPathOf } from './webhook-routes.js';

describe('catalog routes', () => {
  it('keys a route like webhookRouteKey: method upper-case, parameter names dropped', () => {
    expect(catalogRouteOf('get', '/orders//:id/')).toEqual({
      method: 'GET',
      path: 'orders/:id',
      shape: 'GET orders/:',
      segments: ['orders', ':'],
      specificity: '01',
    });
    expect(catalogRouteOf('GET', 'orders/:orderId')?.shape).toBe(catalogRouteOf('GET', 'orders/:id')?.shape);
    expect(catalogRouteOf('BREW', 'orders')).toBeUndefined();
    expect(catalogRouteOf('GET', 'a/../b')).toBeUndefined();
    expect(catalogRouteOf('GET', 'a b')).toBeUndefined();
    expect(catalogRouteOf('GET', ':1x')).toBeUndefined();
  });

  it('splits a request path and binds parameters, decoded, as plain keys', () => {
    expect(requestPathOf('/orders/123/?q=1')).toEqual({ path: 'orders/123', segments: ['orders', '123'] });
    expect(requestPathOf('')).toBeUndefined();
    expect(requestPathOf('x/'.repeat(200))).toBeUndefined();
    expect(requestPathOf('orders/\u0000')).toBeUndefined();
    expect(paramsOf('orders/:id/:__proto__', ['orders', 'a%2Fb', 'x'])).toEqual({ id: 'a/b', ['__proto__']: 'x' });
    expect(Object.getPrototypeOf(paramsOf('a/:__proto__', ['a', 'x']))).toBe(Object.prototype);
    expect(paramsOf('a/:id', ['a', '%E0%A4%A'])).toEqual({ id: '%E0%A4%A' });
  });
});
