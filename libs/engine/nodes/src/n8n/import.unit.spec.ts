import { validateWorkflow, resumeWorkflow, VirtualClock } from '@weft/engine-core';
import { execute, jsonOf, registry } from '../core/harness.js';
import { approvals, kitchenSink, mergeAndHttp, orderRouting } from './fixtures.js';
import { importN8nWorkflow } from './import.js';

describe('n8n import', () => {
  it('maps the webhook → set → if → set workflow and answers like n8n', async () => {
    const { workflow, problems } = importN8nWorkflow(orderRouting);
    expect(problems).toEqual([{ severity: 'warning', node: 'Sticky Note', path: 'type', message: 'sticky note not imported' }]);
    expect(validateWorkflow(workflow, registry).ok).toBe(true);
    expect(workflow.nodes.find((node) => node.name === 'Webhook')).toMatchObject({
      type: 'webhookTrigger',
      properties: { path: 'orders', method: 'POST', responseMode: 'lastNode' },
    });
    expect(workflow.connections.filter((connection) => connection.source.endsWith('a03'))).toEqual([
      { source: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a03', target: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a04', sourceOutput: 'true', targetInput: 'main' },
      { source: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a03', target: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a05', sourceOutput: 'false', targetInput: 'main' },
    ]);
    const request = { headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: { qty: 3, price: 50, customer: 'ada' } };
    const big = await execute(workflow, { items: [{ json: request }] });
    // n8n set 3.4 without includeOtherFields keeps only the assigned fields; the literal keeps its braces.
    expect(jsonOf(big)).toEqual([{ total: 150, customer: 'ADA', note: 'literal {{ braces }} stay', tier: 'big' }]);
    const small = await execute(workflow, { items: [{ json: { ...request, body: { qty: 1, price: 5, customer: 'bo' } } }] });
    expect(jsonOf(small)).toEqual([{ total: 5, customer: 'BO', note: 'literal {{ braces }} stay', tier: 'small' }]);
  });

  it('maps the data nodes, the switch with renamed outputs, and reports the unsupported node', () => {
    const { workflow, problems } = importN8nWorkflow(kitchenSink);
    expect(problems).toEqual([
      {
        severity: 'error',
        node: 'Slack',
        path: 'type',
        message: 'node type "n8n-nodes-base.slack" is not supported; imported as a noOp holding its parameters',
      },
      { severity: 'warning', node: 'Slack', path: 'credentials.slackApi', message: 'credential "Slack account" must be re-created in Weft and linked' },
    ]);
    expect(workflow.settings).toEqual({ errorHandling: 'stop', timezone: 'Europe/Berlin', timeout: 60_000 });
    expect(workflow.nodes.find((node) => node.name === 'Slack')).toMatchObject({
      type: 'noOp',
      properties: { n8nType: 'n8n-nodes-base.slack', n8nParameters: { resource: 'message', text: 'hi' } },
    });
    expect(workflow.connections.filter((connection) => connection.source === 'm9').map((connection) => connection.sourceOutput)).toEqual(['two', 'fallback']);
  });

  it('maps http v4, merge v3, settings and error outputs, and lists what it cannot carry', () => {
    const { workflow, problems } = importN8nWorkflow(mergeAndHttp);
    const http = workflow.nodes.find((node) => node.name === 'HTTP Request')!;
    expect(http).toMatchObject({
      type: 'httpRequest',
      credentials: { id: 'cred-1', n8nType: 'httpHeaderAuth' },
      settings: { retryOnFail: true, maxTries: 4, waitBetweenTries: 2000, onError: 'continueErrorOutput' },
      properties: {
        method: 'POST',
        url: 'https://api.example.com/orders/{{ $json.id }}',
        authentication: 'header',
        query: { expand: 'lines' },
        bodyType: 'json',
        body: { status: 'open' },
        responseFormat: 'json',
        fullResponse: true,
        timeout: 5000,
        pagination: {
          mode: 'parameter',
          parameter: { name: 'page', in: 'query', value: '{{ $pageCount + 1 }}' },
          completeWhen: 'statusCodes',
          statusCodes: [404],
          maxPages: 100,
        },
      },
    });
    expect(problems.filter((problem) => problem.node === 'HTTP Request')).toEqual([
      {
        severity: 'warning',
        node: 'HTTP Request',
        path: 'credentials.httpHeaderAuth',
        message: 'credential "Header Auth account" must be re-created in Weft and linked',
      },
    ]);
    expect(workflow.nodes.find((node) => node.name === 'Merge')).toMatchObject({
      type: 'merge',
      properties: { mode: 'combineByKey', key1: 'id', key2: 'id', join: 'left' },
    });
    expect(workflow.nodes.find((node) => node.name === 'Schedule Trigger')).toMatchObject({ properties: { interval: { every: 15, unit: 'minutes' } } });
    expect(workflow.connections).toEqual(
      expect.arrayContaining([
        { source: 'h1', target: 'h3', sourceOutput: 'main', targetInput: 'input2' },
        { source: 'h2', target: 'h3', sourceOutput: 'main', targetInput: 'input1' },
        { source: 'h2', target: 'h4', sourceOutput: 'error', targetInput: 'main' },
        { source: 'h5', target: 'h6', sourceOutput: 'loop', targetInput: 'main' },
        { source: 'h6', target: 'h5', sourceOutput: 'main', targetInput: 'main' },
      ]),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', node: 'HTTP Request', path: 'credentials.httpHeaderAuth' }),
        expect.objectContaining({ severity: 'warning', path: 'settings.executionOrder' }),
      ]),
    );
    expect(validateWorkflow(workflow, registry).ok).toBe(true);
  });

  it('maps http v4 multipart and binary bodies and the interval between page requests', () => {
    const http = (parameters: Record<string, unknown>) => ({
      name: 'HTTP',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      parameters: { method: 'POST', url: 'https://api.example.com/upload', sendBody: true, ...parameters },
    });
    const multipart = {
      contentType: 'multipart-form-data',
      bodyParameters: {
        parameters: [
          { parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' },
          { name: 'title', value: '={{ $json.title }}' },
          { parameterType: 'formData', name: 'kind', value: 'logo' },
        ],
      },
    };
    const pagination = {
      pagination: {
        paginationMode: 'updateAParameterInEachRequest',
        parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
        requestInterval: 250,
      },
    };
    const { workflow, problems } = importN8nWorkflow({
      nodes: [
        { ...http(multipart), name: 'Multipart' },
        { ...http({ contentType: 'binaryData', inputDataFieldName: 'scan' }), name: 'Binary' },
        { ...http({ sendBody: false, options: { pagination } }), name: 'Pages' },
      ],
      connections: {},
    });
    expect(problems).toEqual([]);
    const properties = (name: string) => workflow.nodes.find((node) => node.name === name)!.properties!;
    expect(properties('Multipart')).toMatchObject({
      bodyType: 'multipart',
      body: { title: '{{ $json.title }}', kind: 'logo' },
      binaryFields: { file: 'data' },
    });
    expect(properties('Binary')).toMatchObject({ bodyType: 'binary', binaryProperty: 'scan' });
    expect(properties('Pages')['pagination']).toEqual({
      mode: 'parameter',
      parameter: { name: 'page', in: 'query', value: '{{ $pageCount + 1 }}' },
      completeWhen: 'emptyResponse',
      maxPages: 100,
      requestInterval: 250,
    });
    expect(validateWorkflow(workflow, registry).ok).toBe(true);
  });

  it('treats a parameter without "=" as a literal even with braces', () => {
    const { workflow } = importN8nWorkflow({
      nodes: [
        {
          name: 'Set',
          type: 'n8n-nodes-base.set',
          typeVersion: 3.4,
          parameters: {
            assignments: {
              assignments: [
                { name: 'a', value: '{{ $json.x }}', type: 'string' },
                { name: 'b', value: '={{ $json.x }}', type: 'string' },
              ],
            },
          },
        },
      ],
      connections: {},
    });
    expect(workflow.nodes[0]!.properties).toEqual({
      fields: [
        { name: 'a', type: 'string', value: '{{ "{{" }} $json.x }}' },
        { name: 'b', type: 'string', value: '{{ $json.x }}' },
      ],
      keepOnlySet: true,
    });
  });

  it('reports parameters and options it does not understand', () => {
    const { problems } = importN8nWorkflow({
      nodes: [{ name: 'Limit', type: 'n8n-nodes-base.limit', typeVersion: 1, parameters: { maxItems: 2, mystery: true, options: { secret: 1 } } }],
      connections: {},
    });
    expect(problems).toEqual([
      { severity: 'warning', node: 'Limit', path: 'parameters.mystery', message: 'parameter "mystery" is not supported and was not imported' },
      { severity: 'warning', node: 'Limit', path: 'parameters.options.secret', message: 'option "secret" is not supported and was not imported' },
    ]);
  });

  it('maps filter, legacy set, dedupe, crypto, dateTime, switch expressions, respond, wait and disabled nodes', async () => {
    const { workflow, problems } = importN8nWorkflow(approvals);
    expect(problems).toEqual([
      { severity: 'warning', node: 'Webhook', path: 'credentials.httpBasicAuth', message: 'credential "Approvers" must be re-created in Weft and linked' },
      {
        severity: 'warning',
        node: 'Notify',
        path: 'parameters.workflowId',
        message: 'the sub-workflow id refers to n8n; point it at the imported Weft workflow',
      },
    ]);
    expect(workflow.settings).toEqual({ errorHandling: 'stop', errorWorkflowId: 'wf-errors' });
    expect(workflow.nodes.find((node) => node.name === 'Webhook')).toMatchObject({
      properties: { authentication: 'basic', responseMode: 'responseNode' },
      credentials: { id: '12' },
    });
    expect(workflow.nodes.find((node) => node.name === 'Sign')).toMatchObject({ settings: { onError: 'continueRegularOutput' } });
    expect(workflow.nodes.find((node) => node.name === 'Notify')).toMatchObject({
      type: 'executeWorkflow',
      properties: { workflowId: '42', mode: 'fireAndForget' },
      settings: { disabled: true },
    });

    const now = Date.UTC(2026, 2, 3, 12);
    const request = (amount: number, email: string) => ({ json: { headers: {}, params: {}, query: {}, body: { amount, email } } });
    const small = await execute(workflow, { items: [request(50, 'Ada@Example.com'), request(0, 'zero@example.com'), request(60, 'ada@example.com')], now });
    expect(small.status).toBe('success');
    expect(small.response).toEqual({
      statusCode: 202,
      headers: { 'X-Signature': 'd8599cd28c451fab838128086a48bf8b9ddcb72e1980edd05a6b9d795b331fc6' },
      body: 'ok ada@example.com 2026-03-03',
    });
    expect(jsonOf(small)).toEqual([
      { email: 'ada@example.com', amount: 50, signature: 'd8599cd28c451fab838128086a48bf8b9ddcb72e1980edd05a6b9d795b331fc6', day: '2026-03-03' },
    ]);

    const big = await execute(workflow, { items: [request(5000, 'boss@example.com')], now });
    expect(big.status).toBe('waiting');
    expect(big.waitingOn).toEqual({ nodeId: 'a9', resumeOnWebhook: true });
    const resumed = await resumeWorkflow(
      { workflow, registry, clock: new VirtualClock(now), executionId: 'exec-1' },
      { checkpoint: big.checkpoint, resumeItems: [{ json: { approved: true } }] },
    );
    expect(resumed.status).toBe('success');
    expect(jsonOf(resumed)).toEqual([{ rows: [{ approved: true }] }]);
  });

  it('carries what the recordings of n8n 1.123 showed: switch rule conditions, strict types, webhook v2 response code, dateTime output', () => {
    const strict = { options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' }, combinator: 'and' };
    const { workflow, problems } = importN8nWorkflow({
      nodes: [
        {
          name: 'Webhook',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          parameters: {
            httpMethod: 'POST',
            path: 'p',
            responseMode: 'lastNode',
            responseData: 'allEntries',
            responseCode: 418,
            options: { responseCode: { values: { responseCode: 201 } } },
          },
        },
        {
          name: 'Switch',
          type: 'n8n-nodes-base.switch',
          typeVersion: 3,
          parameters: {
            rules: {
              values: [
                { conditions: { ...strict, conditions: [{ leftValue: '={{ $json.n }}', rightValue: 2, operator: { type: 'number', operation: 'gt' } }] } },
              ],
            },
            options: {},
          },
        },
        {
          name: 'If',
          type: 'n8n-nodes-base.if',
          typeVersion: 2,
          parameters: {
            conditions: { ...strict, conditions: [{ leftValue: '={{ $json.n }}', rightValue: 2, operator: { type: 'number', operation: 'gt' } }] },
            looseTypeValidation: true,
            options: {},
          },
        },
        {
          name: 'Day',
          type: 'n8n-nodes-base.dateTime',
          typeVersion: 2,
          parameters: { operation: 'formatDate', date: '={{ $json.at }}', format: 'custom', customFormat: 'yyyy', options: {} },
        },
      ],
      connections: {},
    });
    const properties = (name: string) => workflow.nodes.find((node) => node.name === name)!.properties!;
    expect(properties('Webhook')).toMatchObject({ responseCode: 201, responseData: 'allEntries' });
    expect(problems).toEqual([
      {
        severity: 'warning',
        node: 'Webhook',
        path: 'parameters.responseCode',
        message: 'webhook v2 ignores the top-level responseCode (n8n answers 200); not imported',
      },
    ]);
    expect(properties('Switch')['rules']).toEqual([
      { conditions: [{ left: '{{ $json.n }}', op: 'gt', right: 2, type: 'number' }], combinator: 'and', output: '0' },
    ]);
    expect(properties('If')['conditions']).toEqual([{ left: '{{ $json.n }}', op: 'gt', right: 2 }]);
    expect(properties('Day')).toMatchObject({ includeInputFields: false, timezone: 'UTC' });
  });
});
