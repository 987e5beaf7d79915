import { type JsonValue, NodeOperationError, type NodeType, type SubWorkflowRunner } from '@weft/engine-core';

/** Sets the webhook response (statusCode, headers, body) and passes its items on. */
export const respondToWebhook: NodeType = {
  type: 'respondToWebhook',
  execute: (ctx) => {
    const statusCode = Number(ctx.param('statusCode') ?? 200);
    const headers = Object.fromEntries(Object.entries(ctx.param<Record<string, unknown>>('headers') ?? {}).map(([key, value]) => [key, String(value)]));
    const respondWith = ctx.param<string>('respondWith') ?? (ctx.rawParam('body') === undefined ? 'firstIncomingItem' : 'json');
    let body: JsonValue | undefined;
    if (respondWith === 'allIncomingItems') body = ctx.items.map((item) => item.json);
    else if (respondWith === 'noData') body = undefined;
    else if (respondWith === 'firstIncomingItem') body = ctx.items[0]?.json ?? {};
    else body = ctx.param('body') ?? null;
    ctx.respond({ statusCode, headers, body });
    return { main: [...ctx.items] };
  },
};

/** Runs another workflow of the same organization through the injected runner. */
export const executeWorkflow: NodeType = {
  type: 'executeWorkflow',
  required: ['workflowId'],
  execute: async (ctx) => {
    const runner = ctx.services.subWorkflows as SubWorkflowRunner | undefined;
    if (!runner) throw new NodeOperationError('sub-workflows are not available in this context');
    const waitForCompletion = ctx.param<string>('mode') !== 'fireAndForget' && ctx.param<boolean>('waitForCompletion') !== false;
    const output = await runner.run({ workflowId: String(ctx.param('workflowId')), items: [...ctx.items], waitForCompletion, signal: ctx.signal });
    return { main: waitForCompletion ? output : [...ctx.items] };
  },
};
