import type { N8nWorkflow } from './model.js';

/**
 * n8n exports written by hand in the shape n8n 1.x exports them (`n8n export:workflow`),
 * used by the mapping tests. What n8n really answers for them was recorded against n8n
 * 1.123.81 (tools/n8n/record-fixtures.mjs, their triggers swapped for webhooks): see
 * recorded/order-routing-*.json, kitchen-sink.json (without the Slack node, which n8n
 * refuses to run without a channel), approvals-*.json and merge-and-http*.json, which
 * n8n-recorded.int.spec.ts compares Weft with. The recording corrected these exports: the
 * approvals webhook now has the `webhookId` every real export has (without it n8n
 * registers the path under the workflow id), and its dateTime node turns on
 * `includeInputFields` (dateTime v2 otherwise outputs only the new field).
 */
export const orderRouting: N8nWorkflow = {
  name: 'Order routing',
  nodes: [
    {
      parameters: { httpMethod: 'POST', path: 'orders', responseMode: 'lastNode', options: {} },
      id: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a01',
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      position: [0, 0],
      webhookId: 'a3c7f9d2-1111-2222-3333-444455556666',
    },
    {
      parameters: {
        assignments: {
          assignments: [
            { id: 'f1', name: 'total', value: '={{ $json.body.qty * $json.body.price }}', type: 'number' },
            { id: 'f2', name: 'customer', value: '={{ $json.body.customer.toUpperCase() }}', type: 'string' },
            { id: 'f3', name: 'note', value: 'literal {{ braces }} stay', type: 'string' },
          ],
        },
        options: {},
      },
      id: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a02',
      name: 'Compute total',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
    },
    {
      parameters: {
        conditions: {
          options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
          conditions: [{ id: 'c1', leftValue: '={{ $json.total }}', rightValue: 100, operator: { type: 'number', operation: 'gt' } }],
          combinator: 'and',
        },
        options: {},
      },
      id: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a03',
      name: 'Is big?',
      type: 'n8n-nodes-base.if',
      typeVersion: 2,
      position: [440, 0],
    },
    {
      parameters: { assignments: { assignments: [{ id: 'b1', name: 'tier', value: 'big', type: 'string' }] }, includeOtherFields: true, options: {} },
      id: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a04',
      name: 'Big',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [660, -100],
    },
    {
      parameters: { assignments: { assignments: [{ id: 's1', name: 'tier', value: 'small', type: 'string' }] }, includeOtherFields: true, options: {} },
      id: '5b0f6b8e-0c39-4f5e-9c55-0d3f9f6f0a05',
      name: 'Small',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [660, 100],
    },
    { parameters: { content: '## Routing' }, id: 'note', name: 'Sticky Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [0, -200] },
  ],
  connections: {
    Webhook: { main: [[{ node: 'Compute total', type: 'main', index: 0 }]] },
    'Compute total': { main: [[{ node: 'Is big?', type: 'main', index: 0 }]] },
    'Is big?': { main: [[{ node: 'Big', type: 'main', index: 0 }], [{ node: 'Small', type: 'main', index: 0 }]] },
  },
  settings: { executionOrder: 'v1' },
};

export const kitchenSink: N8nWorkflow = {
  name: 'Kitchen sink',
  nodes: [
    { parameters: {}, id: 'm1', name: 'When clicking ‘Test workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
    {
      parameters: { mode: 'runOnceForAllItems', jsCode: "return [{ json: { lines: [{ sku: 'b', n: 2 }, { sku: 'a', n: 1 }, { sku: 'a', n: 1 }] } }];" },
      id: 'm2',
      name: 'Code',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [200, 0],
    },
    { parameters: { fieldToSplitOut: 'lines', options: {} }, id: 'm3', name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0] },
    {
      parameters: { compare: 'allFields', options: {} },
      id: 'm4',
      name: 'Remove Duplicates',
      type: 'n8n-nodes-base.removeDuplicates',
      typeVersion: 1.1,
      position: [600, 0],
    },
    {
      parameters: { sortFieldsUi: { sortField: [{ fieldName: 'sku' }] }, options: {} },
      id: 'm5',
      name: 'Sort',
      type: 'n8n-nodes-base.sort',
      typeVersion: 1,
      position: [800, 0],
    },
    { parameters: { maxItems: 5 }, id: 'm6', name: 'Limit', type: 'n8n-nodes-base.limit', typeVersion: 1, position: [1000, 0] },
    {
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'sku', renameField: true, outputFieldName: 'skus' }] }, options: {} },
      id: 'm7',
      name: 'Aggregate',
      type: 'n8n-nodes-base.aggregate',
      typeVersion: 1,
      position: [1200, 0],
    },
    {
      parameters: { type: 'SHA256', value: '={{ $json.skus.join(",") }}', dataPropertyName: 'digest' },
      id: 'm8',
      name: 'Crypto',
      type: 'n8n-nodes-base.crypto',
      typeVersion: 1,
      position: [1400, 0],
    },
    {
      parameters: {
        rules: {
          values: [
            {
              conditions: {
                options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
                conditions: [{ leftValue: '={{ $json.skus.length }}', rightValue: 2, operator: { type: 'number', operation: 'equals' } }],
                combinator: 'and',
              },
              renameOutput: true,
              outputKey: 'two',
            },
          ],
        },
        options: { fallbackOutput: 'extra' },
      },
      id: 'm9',
      name: 'Switch',
      type: 'n8n-nodes-base.switch',
      typeVersion: 3,
      position: [1600, 0],
    },
    {
      parameters: { respondWith: 'json', responseBody: '={{ { "skus": $json.skus } }}', options: { responseCode: 201 } },
      id: 'm10',
      name: 'Respond to Webhook',
      type: 'n8n-nodes-base.respondToWebhook',
      typeVersion: 1.1,
      position: [1800, -100],
    },
    { parameters: {}, id: 'm11', name: 'Other', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [1800, 100] },
    {
      parameters: { resource: 'message', text: 'hi' },
      id: 'm12',
      name: 'Slack',
      type: 'n8n-nodes-base.slack',
      typeVersion: 2.2,
      position: [2000, 100],
      credentials: { slackApi: { id: '7', name: 'Slack account' } },
    },
  ],
  connections: {
    'When clicking ‘Test workflow’': { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
    Code: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
    'Split Out': { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
    'Remove Duplicates': { main: [[{ node: 'Sort', type: 'main', index: 0 }]] },
    Sort: { main: [[{ node: 'Limit', type: 'main', index: 0 }]] },
    Limit: { main: [[{ node: 'Aggregate', type: 'main', index: 0 }]] },
    Aggregate: { main: [[{ node: 'Crypto', type: 'main', index: 0 }]] },
    Crypto: { main: [[{ node: 'Switch', type: 'main', index: 0 }]] },
    Switch: { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }], [{ node: 'Other', type: 'main', index: 0 }]] },
    Other: { main: [[{ node: 'Slack', type: 'main', index: 0 }]] },
  },
  settings: { executionOrder: 'v1', timezone: 'Europe/Berlin', executionTimeout: 60 },
};

export const mergeAndHttp: N8nWorkflow = {
  name: 'Merge and HTTP',
  nodes: [
    {
      parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } },
      id: 'h1',
      name: 'Schedule Trigger',
      type: 'n8n-nodes-base.scheduleTrigger',
      typeVersion: 1.2,
      position: [0, 0],
    },
    {
      parameters: {
        method: 'POST',
        url: '=https://api.example.com/orders/{{ $json.id }}',
        authentication: 'genericCredentialType',
        genericAuthType: 'httpHeaderAuth',
        sendQuery: true,
        queryParameters: { parameters: [{ name: 'expand', value: 'lines' }] },
        sendBody: true,
        specifyBody: 'json',
        jsonBody: '{\n  "status": "open"\n}',
        options: {
          timeout: 5000,
          response: { response: { responseFormat: 'json', fullResponse: true } },
          pagination: {
            pagination: {
              paginationMode: 'updateAParameterInEachRequest',
              parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
              paginationCompleteWhen: 'receiveSpecificStatusCodes',
              statusCodesWhenComplete: '404',
            },
          },
        },
      },
      id: 'h2',
      name: 'HTTP Request',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      position: [200, 0],
      credentials: { httpHeaderAuth: { id: 'cred-1', name: 'Header Auth account' } },
      retryOnFail: true,
      maxTries: 4,
      waitBetweenTries: 2000,
      onError: 'continueErrorOutput',
    },
    {
      parameters: { mode: 'combine', fieldsToMatchString: 'id', joinMode: 'enrichInput1', options: {} },
      id: 'h3',
      name: 'Merge',
      type: 'n8n-nodes-base.merge',
      typeVersion: 3,
      position: [400, 0],
    },
    {
      parameters: { errorMessage: '=Failed: {{ $json.error }}' },
      id: 'h4',
      name: 'Stop and Error',
      type: 'n8n-nodes-base.stopAndError',
      typeVersion: 1,
      position: [400, 200],
    },
    {
      parameters: { batchSize: 10, options: {} },
      id: 'h5',
      name: 'Loop Over Items',
      type: 'n8n-nodes-base.splitInBatches',
      typeVersion: 3,
      position: [600, 0],
    },
    { parameters: {}, id: 'h6', name: 'Work', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [800, 100] },
  ],
  connections: {
    'Schedule Trigger': {
      main: [
        [
          { node: 'HTTP Request', type: 'main', index: 0 },
          { node: 'Merge', type: 'main', index: 1 },
        ],
      ],
    },
    'HTTP Request': { main: [[{ node: 'Merge', type: 'main', index: 0 }], [{ node: 'Stop and Error', type: 'main', index: 0 }]] },
    Merge: { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
    'Loop Over Items': { main: [[], [{ node: 'Work', type: 'main', index: 0 }]] },
    Work: { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
  },
  settings: { executionOrder: 'v0' },
};

export const approvals: N8nWorkflow = {
  name: 'Approvals',
  nodes: [
    {
      parameters: { httpMethod: 'POST', path: 'approve', authentication: 'basicAuth', responseMode: 'responseNode', options: {} },
      id: 'a1',
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      position: [0, 0],
      webhookId: 'b7e2c1d0-5a4f-4e3b-9c8d-7f6e5d4c3b2a',
      credentials: { httpBasicAuth: { id: '12', name: 'Approvers' } },
    },
    {
      parameters: {
        conditions: {
          options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
          conditions: [
            { leftValue: '={{ $json.body.amount }}', rightValue: 0, operator: { type: 'number', operation: 'gt' } },
            { leftValue: '={{ $json.body.email }}', rightValue: '', operator: { type: 'string', operation: 'notEmpty', singleValue: true } },
          ],
          combinator: 'and',
        },
        options: {},
      },
      id: 'a2',
      name: 'Valid?',
      type: 'n8n-nodes-base.filter',
      typeVersion: 2,
      position: [200, 0],
    },
    {
      parameters: {
        fields: {
          values: [
            { name: 'email', stringValue: '={{ $json.body.email.toLowerCase() }}' },
            { name: 'amount', type: 'numberValue', numberValue: '={{ $json.body.amount }}' },
          ],
        },
        include: 'none',
        options: {},
      },
      id: 'a3',
      name: 'Normalize',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.2,
      position: [400, 0],
    },
    {
      parameters: { compare: 'selectedFields', fieldsToCompare: 'email', options: {} },
      id: 'a4',
      name: 'Dedupe',
      type: 'n8n-nodes-base.removeDuplicates',
      typeVersion: 2,
      position: [600, 0],
    },
    {
      parameters: { action: 'hmac', type: 'SHA256', value: '={{ $json.email }}', secret: 'topsecret', dataPropertyName: 'signature' },
      id: 'a5',
      name: 'Sign',
      type: 'n8n-nodes-base.crypto',
      typeVersion: 1,
      position: [800, 0],
      continueOnFail: true,
    },
    {
      parameters: {
        operation: 'formatDate',
        date: '={{ $now }}',
        format: 'custom',
        customFormat: 'yyyy-MM-dd',
        outputFieldName: 'day',
        options: { includeInputFields: true },
      },
      id: 'a6',
      name: 'Day',
      type: 'n8n-nodes-base.dateTime',
      typeVersion: 2,
      position: [1000, 0],
    },
    {
      parameters: { mode: 'expression', numberOutputs: 2, output: '={{ $json.amount > 1000 ? 1 : 0 }}' },
      id: 'a7',
      name: 'Route',
      type: 'n8n-nodes-base.switch',
      typeVersion: 3,
      position: [1200, 0],
    },
    {
      parameters: {
        respondWith: 'text',
        responseBody: '=ok {{ $json.email }} {{ $json.day }}',
        options: { responseCode: 202, responseHeaders: { entries: [{ name: 'X-Signature', value: '={{ $json.signature }}' }] } },
      },
      id: 'a8',
      name: 'Respond',
      type: 'n8n-nodes-base.respondToWebhook',
      typeVersion: 1.1,
      position: [1400, -100],
    },
    {
      parameters: { resume: 'webhook', options: {} },
      id: 'a9',
      name: 'Wait for manager',
      type: 'n8n-nodes-base.wait',
      typeVersion: 1.1,
      position: [1400, 100],
      webhookId: 'w-1',
    },
    {
      parameters: {
        source: 'database',
        workflowId: { __rl: true, value: '42', mode: 'list', cachedResultName: 'Notify' },
        options: { waitForSubWorkflow: false },
      },
      id: 'a10',
      name: 'Notify',
      type: 'n8n-nodes-base.executeWorkflow',
      typeVersion: 1.1,
      position: [1600, 100],
      disabled: true,
    },
    {
      parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', options: {} },
      id: 'a11',
      name: 'Collect',
      type: 'n8n-nodes-base.aggregate',
      typeVersion: 1,
      position: [1800, 100],
    },
  ],
  connections: {
    Webhook: { main: [[{ node: 'Valid?', type: 'main', index: 0 }]] },
    'Valid?': { main: [[{ node: 'Normalize', type: 'main', index: 0 }]] },
    Normalize: { main: [[{ node: 'Dedupe', type: 'main', index: 0 }]] },
    Dedupe: { main: [[{ node: 'Sign', type: 'main', index: 0 }]] },
    Sign: { main: [[{ node: 'Day', type: 'main', index: 0 }]] },
    Day: { main: [[{ node: 'Route', type: 'main', index: 0 }]] },
    Route: { main: [[{ node: 'Respond', type: 'main', index: 0 }], [{ node: 'Wait for manager', type: 'main', index: 0 }]] },
    'Wait for manager': { main: [[{ node: 'Notify', type: 'main', index: 0 }]] },
    Notify: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] },
  },
  settings: { executionOrder: 'v1', errorWorkflow: 'wf-errors' },
};
