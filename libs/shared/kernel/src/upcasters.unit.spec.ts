import { UpcasterRegistry } from './upcasters.js';

describe('upcaster registry', () => {
  const registry = new UpcasterRegistry()
    .register('WorkflowRenamed', 1, (data) => ({ name: (data as { title: string }).title }))
    .register('WorkflowRenamed', 2, (data, metadata) => ({ ...(data as object), renamedBy: metadata.actorId ?? 'unknown' }));

  it('chains upcasters from the stored version to the latest', () => {
    const stored = { type: 'WorkflowRenamed', schemaVersion: 1, data: { title: 'Invoices' }, metadata: { actorId: 'u-7' }, eventId: 'e-1' };
    expect(registry.upcast(stored)).toEqual({ ...stored, schemaVersion: 3, data: { name: 'Invoices', renamedBy: 'u-7' } });
  });

  it('starts from the middle of the chain for events written later', () => {
    const stored = { type: 'WorkflowRenamed', schemaVersion: 2, data: { name: 'Invoices' } };
    expect(registry.upcast(stored).data).toEqual({ name: 'Invoices', renamedBy: 'unknown' });
  });

  it('leaves events at the latest version and unknown types untouched', () => {
    const latest = { type: 'WorkflowRenamed', schemaVersion: 3, data: { name: 'x', renamedBy: 'u' } };
    const other = { type: 'WorkflowCreated', schemaVersion: 1, data: { a: 1 } };
    expect(registry.upcast(latest)).toBe(latest);
    expect(registry.upcast(other)).toBe(other);
  });

  it('knows the version new events are written at', () => {
    expect(registry.latestVersion('WorkflowRenamed')).toBe(3);
    expect(registry.latestVersion('WorkflowCreated')).toBe(1);
  });

  it('refuses two upcasters for the same step and versions below 1', () => {
    expect(() => registry.register('WorkflowRenamed', 1, (d) => d)).toThrow('already registered');
    expect(() => new UpcasterRegistry().register('X', 0, (d) => d)).toThrow('start at 1');
  });
});
