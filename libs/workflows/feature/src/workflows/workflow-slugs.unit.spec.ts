import { randomUUID } from 'node:crypto';
import { type CommandContext } from '@weft/kernel';
import { MemoryEventStreamStore } from '@weft/testing';
import { WorkflowSlugs } from './workflow-slugs.js';

// Slugs per organization, decided by optimistic appends on one stream per slug.

const context = (organizationId: string): CommandContext => ({ actor: { type: 'user', id: randomUUID() }, organizationId, correlationId: 'req-1' });

describe('workflow slugs', () => {
  const organizationId = randomUUID();
  const slugs = new WorkflowSlugs(new MemoryEventStreamStore());

  it('are generated from the name, with a suffix when taken, per organization', async () => {
    expect(await slugs.claim(undefined, 'Invoice Sync', randomUUID(), context(organizationId))).toBe('invoice-sync');
    expect(await slugs.claim(undefined, 'Invoice sync!', randomUUID(), context(organizationId))).toBe('invoice-sync-2');
    expect(await slugs.claim(undefined, 'Invoice Sync', randomUUID(), context(randomUUID()))).toBe('invoice-sync');
  });

  it('refuse a requested slug that is taken, until it is released', async () => {
    const holder = randomUUID();
    await slugs.claim('orders', 'Orders', holder, context(organizationId));
    await expect(slugs.claim('orders', 'Orders', randomUUID(), context(organizationId))).rejects.toMatchObject({ code: 'workflow.slug_taken' });
    await slugs.release('orders', holder, context(organizationId));
    expect(await slugs.claim('orders', 'Orders', randomUUID(), context(organizationId))).toBe('orders');
  });

  it('refuse a malformed requested slug', async () => {
    await expect(slugs.claim('Not A Slug', 'x', randomUUID(), context(organizationId))).rejects.toMatchObject({ code: 'workflow.slug_invalid' });
  });
});
