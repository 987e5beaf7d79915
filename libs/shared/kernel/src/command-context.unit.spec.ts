import { SYSTEM_ACTOR, actorMetadata, asUser, commandMetadata, loadState, tenantContextOf, tenantMetadata } from './command-context.js';
import { type Command, type Decider, eventMetadataFrom } from './decider.js';
import { type EventStreamStore } from './event-stream-store.js';
import { type RecordedEvent } from './events.js';
import { optionalText, requireSha256Hex, requireText } from './text-rules.js';

describe('the one command path', () => {
  it('makes command metadata from a request context: a fresh id, the time, the facts that are known', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const context = {
      actor: { type: 'user' as const, id: 'u-1' },
      organizationId: 'org-1',
      correlationId: 'req-1',
      clientIp: '203.0.113.7',
      userAgent: 'curl/8',
    };
    const metadata = commandMetadata(context, now);
    expect(metadata).toEqual({
      commandId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      now,
      organizationId: 'org-1',
      actorId: 'u-1',
      actorType: 'user',
      correlationId: 'req-1',
      clientIp: '203.0.113.7',
      userAgent: 'curl/8',
    });
    expect(commandMetadata(context, now).commandId).not.toBe(metadata.commandId);
    expect(Object.keys(commandMetadata({ actor: SYSTEM_ACTOR }, now)).sort()).toEqual(['actorId', 'actorType', 'commandId', 'now']);
  });

  it('hands actor, origin and correlation on to every event; the command is the cause', () => {
    const metadata = commandMetadata({
      actor: { type: 'apiKey', id: 'k-1' },
      organizationId: 'org-1',
      correlationId: 'req-1',
      clientIp: '::1',
      userAgent: 'sdk',
    });
    expect(eventMetadataFrom(metadata)).toEqual({
      causationId: metadata.commandId,
      correlationId: 'req-1',
      organizationId: 'org-1',
      actorId: 'k-1',
      actorType: 'apiKey',
      clientIp: '::1',
      userAgent: 'sdk',
    });
    expect(eventMetadataFrom({ commandId: 'c-1', now: new Date() })).toEqual({ causationId: 'c-1', correlationId: 'c-1' });
  });

  it('types the metadata of commands that demand an actor or a tenant, and refuses a context without them (a wiring mistake)', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const tenant = { actor: { type: 'apiKey' as const, id: 'k-1' }, organizationId: 'org-1', correlationId: 'req-1' };
    expect(tenantMetadata(tenant, now)).toEqual({
      commandId: expect.any(String),
      now,
      organizationId: 'org-1',
      actorId: 'k-1',
      actorType: 'apiKey',
      correlationId: 'req-1',
    });
    expect(tenantContextOf(tenant)).toEqual(tenant);
    expect(() => tenantMetadata({ actor: tenant.actor })).toThrow(/RequirePermission/);
    expect(() => tenantMetadata({ organizationId: 'org-1' })).toThrow(/RequirePermission/);
    const acting = asUser({ correlationId: 'req-2', clientIp: '::1' }, 'u-9');
    expect(actorMetadata(acting, now)).toMatchObject({ actorId: 'u-9', actorType: 'user', correlationId: 'req-2', clientIp: '::1' });
    expect(() => actorMetadata({ correlationId: 'req-3' })).toThrow(/needs an actor/);
  });

  it('loads a stream’s state through its decider', async () => {
    const counter: Decider<number, Command, { type: 'Counted'; data: { by: number } }> = {
      initialState: () => 0,
      evolve: (n, event) => n + event.data.by,
      decide: () => [],
    };
    const events = [2, 3].map((by, streamVersion) => ({ type: 'Counted', data: { by }, streamVersion }) as unknown as RecordedEvent);
    const store = {
      readStream: async (id: string) => (id === 'counter-1' ? events : []),
      append: async () => ({ streamVersion: -1, logPosition: undefined }),
    } as unknown as EventStreamStore;
    expect(await loadState(store, 'counter-1', counter)).toBe(5);
    expect(await loadState(store, 'counter-2', counter)).toBe(0);
  });

  it('checks text the deciders store', () => {
    expect(requireText('  Ada ', 'name', 10, 'x.name_invalid')).toBe('Ada');
    for (const bad of ['   ', 'x'.repeat(11), 42 as unknown as string])
      expect(() => requireText(bad, 'name', 10, 'x.name_invalid')).toThrow(expect.objectContaining({ code: 'x.name_invalid', kind: 'validation' }));
    expect(optionalText('  ', 'description', 5, 'x.d')).toBeNull();
    expect(() => optionalText('toolong', 'description', 5, 'x.d')).toThrow(expect.objectContaining({ code: 'x.d' }));
    expect(requireSha256Hex('a'.repeat(64), 'hash', 'x.hash')).toBe('a'.repeat(64));
    expect(() => requireSha256Hex('raw-secret', 'hash', 'x.hash')).toThrow(expect.objectContaining({ code: 'x.hash' }));
  });
});
