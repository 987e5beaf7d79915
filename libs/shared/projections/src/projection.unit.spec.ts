import { liveTables, projectionTransaction, shadowTables, validateProjection } from './projection.js';
import { counterProjection } from './testing/counter-projection.fixture.js';

describe('projection definitions', () => {
  const definition = counterProjection('workflows_view', { prefix: 'wf_' });

  it('accepts plain identifiers and maps tables to live and shadow names', () => {
    expect(() => validateProjection(definition)).not.toThrow();
    expect([...liveTables(definition)]).toEqual([
      ['wf_counters', 'wf_counters'],
      ['wf_seen_events', 'wf_seen_events'],
    ]);
    expect([...shadowTables(definition)]).toEqual([
      ['wf_counters', 'wf_counters__rebuild'],
      ['wf_seen_events', 'wf_seen_events__rebuild'],
    ]);
  });

  it.each(['Workflows', 'workflows; drop table x', 'a__b', '1abc', 'x'.repeat(55)])('refuses the table name %j', (name) => {
    const bad = { ...definition, tables: [{ name, create: () => [] }] };
    expect(() => validateProjection(bad)).toThrow('must be a lower-case SQL identifier');
  });

  it('refuses a projection name that is not an identifier, and a table declared twice', () => {
    expect(() => validateProjection({ ...definition, name: 'my-projection' })).toThrow('Projection name');
    expect(() => validateProjection({ ...definition, tables: [...definition.tables, definition.tables[0]!] })).toThrow('declares table wf_counters twice');
  });

  it('resolves declared tables only', () => {
    const tx = projectionTransaction({ query: () => Promise.reject(new Error('unused')) }, shadowTables(definition));
    expect(tx.table('wf_counters')).toBe('wf_counters__rebuild');
    expect(() => tx.table('users')).toThrow('Table users is not declared by this projection');
  });
});
