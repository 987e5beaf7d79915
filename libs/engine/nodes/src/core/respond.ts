import { type JsonValue, NodeOperationError, type NodeType, type SubWorkflowRunner } from '@weft/engine-core';

/** RFC 9110 `token`: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 `field-value` as Node.js accepts it: tab, visible ASCII, space and obs-text; never CR, LF or NUL. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The node's headers as the webhook answer will send them. Checked here, where the
 * values (often expressions over the request) become an answer: a CR or LF would split
 * the answer (header injection), and Node.js refuses it only when the answer is already
 * being written, which left the caller a bare 500 and the run recorded as a success.
 */
function responseHeaders(raw: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name))
      throw new NodeOperationError(`response header name ${JSON.stringify(name)} is not valid`, "A header name is letters, digits and !#$%&'*+-.^_`|~ only.");
    const text = String(value);
    if (!HEADER_VALUE.test(text)) {
      throw new NodeOperationError(
        `response header ${name} has a value a header cannot carry (CR, LF, NUL, another control character, or a character beyond Latin-1)`,
        'A line break in a header value would split the answer (header injection); remove it from the value, for example with .replace(/[\\r\\n]/g, "").',
      );
    }
    headers[name] = text;
  }
  return headers;
}

function statusCodeOf(raw: unknown): number {
  const statusCode = Number(raw ?? 200);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    throw new NodeOperationError(`response code ${JSON.stringify(raw)} is not an HTTP status (100 to 599)`);
  return statusCode;
}

/** Sets the webhook response (statusCode, headers, body) and passes its items on. */
export const respondToWebhook: NodeType = {
  type: 'respondToWebhook',
  execute: (ctx) => {
    const statusCode = statusCodeOf(ctx.param('statusCode'));
    const headers = responseHeaders(ctx.param<Record<string, unknown>>('headers') ?? {});
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
