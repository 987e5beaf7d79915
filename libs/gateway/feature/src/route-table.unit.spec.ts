import { RouteTable, type ServiceDocument, isRouteMiss } from './route-table.js';

const documents = new Map<string, ServiceDocument>([
  [
    'workflows',
    {
      paths: {
        '/api/v1/orgs/{orgId}/workflows': {
          get: { 'x-weft-access': { kind: 'permission', permission: 'workflow:read' } },
          post: { 'x-weft-access': { kind: 'permission', permission: 'workflow:write' } },
        },
        '/api/v1/orgs/{orgId}/workflows/{workflowId}': { get: { 'x-weft-access': { kind: 'permission', permission: 'workflow:read' } } },
        '/api/v1/orgs/{orgId}/workflows/import': { post: { 'x-weft-access': { kind: 'permission', permission: 'workflow:write' } } },
        '/health/ready': { get: {} },
      },
    },
  ],
  [
    'identity',
    {
      paths: {
        '/api/v1/auth/login': { post: {} },
        '/api/v1/me': { get: { 'x-weft-access': { kind: 'authenticated' } }, patch: { 'x-weft-access': { kind: 'authenticated' } } },
        '/api/v1/admin/users/{userId}/deactivate': { post: { 'x-weft-access': { kind: 'platformRole', role: 'super_admin' } } },
        '/api/v1/admin/users/{userId}/reactivate': { post: { 'x-weft-access': { kind: 'platformRole', role: 'root' } } },
      },
    },
  ],
]);
const table = RouteTable.build(documents, [{ prefix: '/webhook/', service: 'execution' }]);
const ORG = '7c1e1f5c-94a4-4cde-9f62-3f4a8d0e2a11';

describe('RouteTable', () => {
  it('routes a path to the service whose document has it, with its parameters and requirement', () => {
    expect(table.resolve('GET', `/api/v1/orgs/${ORG}/workflows/w%201?x=1`)).toEqual({
      service: 'workflows',
      params: { orgId: ORG, workflowId: 'w 1' },
      access: { kind: 'permission', permission: 'workflow:read' },
    });
    expect(table.resolve('PATCH', '/api/v1/me')).toEqual({ service: 'identity', params: {}, access: { kind: 'authenticated' } });
  });

  it('carries a platform-role requirement, and takes one it does not understand as "authenticated", never public', () => {
    expect(table.resolve('POST', `/api/v1/admin/users/${ORG}/deactivate`)).toEqual({
      service: 'identity',
      params: { userId: ORG },
      access: { kind: 'platformRole', role: 'super_admin' },
    });
    expect(table.resolve('POST', `/api/v1/admin/users/${ORG}/reactivate`)).toMatchObject({ access: { kind: 'authenticated' } });
  });

  it('marks routes without x-weft-access public, and prefers literal segments over parameters', () => {
    expect(table.resolve('POST', '/api/v1/auth/login')).toEqual({ service: 'identity', params: {}, access: undefined });
    expect(table.resolve('POST', `/api/v1/orgs/${ORG}/workflows/import`)).toMatchObject({ service: 'workflows', params: { orgId: ORG } });
  });

  it('tells an unknown path (404) from a known path with another method (405 with Allow)', () => {
    expect(table.resolve('GET', '/api/v1/nothing')).toEqual({ kind: 'not_found' });
    expect(table.resolve('DELETE', '/api/v1/me')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'PATCH'] });
    expect(table.resolve('GET', '/health/ready')).toEqual({ kind: 'not_found' });
    expect(isRouteMiss(table.resolve('GET', `/api/v1/orgs/${ORG}/workflows/a/b`))).toBe(true);
  });

  it('answers HEAD with the GET route and sends every method under a prefix to its service', () => {
    expect(table.resolve('HEAD', `/api/v1/orgs/${ORG}/workflows`)).toMatchObject({ service: 'workflows' });
    expect(table.resolve('PUT', '/webhook/orders/42')).toEqual({ service: 'execution', params: {}, access: undefined });
  });

  it('refuses two services claiming one path', () => {
    const clash = new Map<string, ServiceDocument>([...documents, ['tenancy', { paths: { '/api/v1/me': { get: {} } } }]]);
    expect(() => RouteTable.build(clash)).toThrow('/api/v1/me is served by both identity and tenancy');
  });
});
