import { commandContextOf } from './request-context.js';

describe('a request’s command context', () => {
  it('names the authenticated actor, the organization, the correlation and the origin', () => {
    const principal = { kind: 'user' as const, userId: 'u-1', platformRole: 'user' as const, sessionId: 's-1' };
    const request = {
      id: 'req-1',
      ip: '203.0.113.7',
      headers: { 'user-agent': `agent ${'x'.repeat(1000)}` },
      principal,
      organizationAccess: { organizationId: 'org-1', role: 'member' as const, principal, actorId: 'u-1' },
    };
    const context = commandContextOf(request);
    expect(context).toMatchObject({ correlationId: 'req-1', actor: { type: 'user', id: 'u-1' }, organizationId: 'org-1', clientIp: '203.0.113.7' });
    expect(context.userAgent).toHaveLength(512);
  });

  it('names an API key as such, and nobody on a public route', () => {
    const apiKey = { kind: 'apiKey' as const, apiKeyId: 'k-1', organizationId: 'org-1', role: 'member' as const };
    expect(commandContextOf({ id: 'r', headers: {}, principal: apiKey }).actor).toEqual({ type: 'apiKey', id: 'k-1' });
    expect(commandContextOf({ id: 'r', headers: {} })).toEqual({ correlationId: 'r' });
  });
});
