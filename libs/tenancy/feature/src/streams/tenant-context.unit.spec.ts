import { randomUUID } from 'node:crypto';
import { UserError, tenantContextOf, tenantMetadata } from '@weft/kernel';
import { inOrganization, userContextOf } from './tenant-context.js';

const organizationId = randomUUID();
const userId = randomUUID();

describe("a tenancy command's context", () => {
  it('makes TenantCommand metadata with the kernel: organization, actor and the request facts', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const metadata = tenantMetadata(
      tenantContextOf({ organizationId, actor: { type: 'apiKey', id: userId }, correlationId: 'req-7', clientIp: '198.51.100.1' }),
      now,
    );
    expect(metadata).toEqual({
      commandId: expect.any(String),
      now,
      organizationId,
      actorId: userId,
      actorType: 'apiKey',
      correlationId: 'req-7',
      clientIp: '198.51.100.1',
    });
  });

  it('refuses a route context without the organization or actor the access guard sets (a wiring bug)', () => {
    expect(() => tenantContextOf({ actor: { type: 'user', id: userId } })).toThrow(/RequirePermission/);
    expect(() => tenantContextOf({ organizationId })).toThrow(/RequirePermission/);
  });

  it('lets only users act in an organization their route did not name', () => {
    const user = userContextOf({ actor: { type: 'user', id: userId }, correlationId: 'req-8' }, 'users only');
    expect(inOrganization(user, organizationId)).toEqual({ actor: { type: 'user', id: userId }, correlationId: 'req-8', organizationId });
    const refusal = (() => {
      try {
        userContextOf({ actor: { type: 'apiKey', id: randomUUID() } }, 'Organizations are created by users, not API keys.');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({ kind: 'forbidden', code: 'organization.user_only', message: 'Organizations are created by users, not API keys.' });
  });
});
