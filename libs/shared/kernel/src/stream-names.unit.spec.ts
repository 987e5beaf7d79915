import { contextOfStream, streamIdOf } from './stream-names.js';

describe('stream names', () => {
  it('puts the context first and reads it back', () => {
    const id = streamIdOf('workflows', 'Workflow', '0191d3c2-aaaa');
    expect(id).toBe('workflows.Workflow-0191d3c2-aaaa');
    expect(contextOfStream(id)).toBe('workflows');
  });

  it('has no context for ids that do not follow the convention', () => {
    expect(contextOfStream('workflow-42')).toBeUndefined();
    expect(contextOfStream('.x')).toBeUndefined();
    expect(contextOfStream('Upper.Case-1')).toBeUndefined();
  });

  it('rejects context and aggregate names that would break routing', () => {
    expect(() => streamIdOf('Work flows', 'Workflow', '1')).toThrow(/context/);
    expect(() => streamIdOf('workflows', 'work-flow', '1')).toThrow(/aggregate/);
  });
});
