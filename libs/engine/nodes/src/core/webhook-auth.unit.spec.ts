import { errorWorkflowInput } from '@weft/engine-core';
import { chain, execute } from './harness.js';
import { authenticateWebhook } from './webhook-auth.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('webhook authentication', () => {
  it.each([
    ['none', {}, undefined, true],
    ['basic', { authorization: basic('ops', 's3cret') }, { user: 'ops', password: 's3cret' }, true],
    ['basic', { authorization: basic('ops', 'wrong') }, { user: 'ops', password: 's3cret' }, false],
    ['basic', {}, { user: 'ops', password: 's3cret' }, false],
    ['basic', { authorization: basic('ops', 's3cret') }, undefined, false],
    ['header', { 'x-api-key': 'k1' }, { name: 'X-Api-Key', value: 'k1' }, true],
    ['header', { 'x-api-key': 'k2' }, { name: 'X-Api-Key', value: 'k1' }, false],
    ['jwt', { authorization: 'Bearer x' }, { secret: 'x' }, false],
  ] as const)('%s with %j → %s', (authentication, headers, credential, expected) => {
    expect(authenticateWebhook({ authentication }, headers, credential)).toBe(expected);
  });
});

describe('error workflow input', () => {
  it('summarizes a failed run for the errorTrigger', async () => {
    const workflow = chain({ id: 'boom', name: 'Explode', type: 'stopAndError', properties: { message: 'bad input' } });
    const failed = await execute(workflow);
    expect(errorWorkflowInput(failed, workflow, 'webhook')).toEqual([
      {
        json: {
          execution: {
            id: 'exec-1',
            mode: 'webhook',
            status: 'error',
            error: { message: 'bad input', name: 'NodeOperationError', node: 'Explode' },
            lastNodeExecuted: 'Explode',
          },
          workflow: { id: 'wf', name: 'Test workflow' },
        },
      },
    ]);
  });
});
