import { CodeSandboxPool } from '../code/sandbox-pool.js';
import { execute, jsonOf } from '../core/harness.js';
import { kitchenSink } from './fixtures.js';
import { importN8nWorkflow } from './import.js';

describe('an imported n8n workflow with a Code node', () => {
  it('runs end to end and answers like n8n', async () => {
    const { workflow } = importN8nWorkflow(kitchenSink);
    const sandbox = new CodeSandboxPool({ timeoutMs: 1000, memoryMb: 64, poolSize: 1 });
    try {
      const result = await execute(workflow, { services: { codeSandbox: sandbox } });
      expect(result.error).toBeUndefined();
      expect(result.response).toEqual({ statusCode: 201, headers: {}, body: { skus: ['a', 'b'] } });
      expect(jsonOf(result)).toEqual([{ skus: ['a', 'b'], digest: '1eb7c54d52831bbfe8942af0b1c56b7409523a59ed6ca99c1174fef7eb32c1b5' }]);
    } finally {
      sandbox.close();
    }
  });
});
