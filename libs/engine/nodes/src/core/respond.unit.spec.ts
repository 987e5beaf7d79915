import { type ConnectionDefinition, type NodeDefinition, type WorkflowDefinition } from '@weft/engine-core';
import { execute, json, registry } from './harness.js';
import { webhookResponse } from './webhook-response.js';

// Respond to Webhook builds the HTTP answer from expressions over the request: what it
// cannot send must fail the node (recorded, answered 500 "Error in workflow"), never
// reach Node.js's header writer and break the answer.

const hook = (properties: NodeDefinition['properties']): WorkflowDefinition => ({
  id: 'wf',
  name: 'Respond',
  nodes: [
    { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: 'reply', method: 'GET', responseMode: 'responseNode' } },
    { id: 'reply', type: 'respondToWebhook', position: { x: 100, y: 0 }, properties },
  ],
  connections: [{ source: 'hook', target: 'reply' } as ConnectionDefinition],
});

const withQuery = (query: Record<string, string>) => ({ items: json({ headers: {}, params: {}, query, body: {} }) });

describe('respondToWebhook: what it answers with', () => {
  it.each([
    ['CR LF (header injection)', 'en\r\nSet-Cookie: session=stolen'],
    ['a lone LF', 'en\nx'],
    ['a lone CR', 'en\rx'],
    ['NUL', 'en\u0000x'],
    ['another control character', 'en\u0007x'],
    ['a character beyond Latin-1', 'price €5'],
  ])('fails the node, recorded, on a header value with %s', async (_case, value) => {
    const workflow = hook({ headers: { 'content-language': '{{ $json.query.lang }}' }, respondWith: 'noData' });
    const result = await execute(workflow, withQuery({ lang: value }));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ nodeId: 'reply', message: expect.stringContaining('response header content-language') });
    expect(result.response).toBeUndefined();
    // The caller's answer is the workflow error, as n8n gives it.
    expect(webhookResponse(workflow, registry, 'hook', result)).toEqual({ statusCode: 500, headers: {}, body: { message: 'Error in workflow' } });
  });

  it.each(['x header', 'x:y', 'x\r\ny', '', 'é'])('fails the node on the header name %j', async (name) => {
    const result = await execute(hook({ headers: { [name]: 'v' }, respondWith: 'noData' }), withQuery({}));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ nodeId: 'reply', message: expect.stringMatching(/^response header name .* is not valid$/) });
  });

  it('sends what a header may carry: tabs, quotes, Latin-1, every token character in names', async () => {
    const headers = { "x-!#$%&'*+-.^_`|~09AZaz": 'a\tb "c" ; d=é', 'set-cookie': 'id=1; Path=/; HttpOnly', 'x-from-query': '{{ $json.query.q }}' };
    const result = await execute(hook({ headers, respondWith: 'noData' }), withQuery({ q: 'plain value' }));
    expect(result.status).toBe('success');
    expect(result.response).toEqual({ statusCode: 200, headers: { ...headers, 'x-from-query': 'plain value' }, body: undefined });
  });

  it.each([['abc'], [99], [600], [200.5], ['{{ $json.query.code }}']])('fails the node on the status code %j', async (statusCode) => {
    const result = await execute(hook({ statusCode, respondWith: 'noData' }), withQuery({ code: '2000' }));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ nodeId: 'reply', message: expect.stringContaining('is not an HTTP status') });
  });

  it('takes a status code given as text', async () => {
    const result = await execute(hook({ statusCode: '{{ $json.query.code }}', respondWith: 'noData' }), withQuery({ code: '418' }));
    expect(result.response).toMatchObject({ statusCode: 418 });
  });
});
