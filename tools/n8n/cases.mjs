// The workflows and requests that record-fixtures.mjs sends to a real n8n. The four
// hand-written fixtures of libs/engine/nodes/src/n8n/fixtures.ts come first (their
// manual and schedule triggers swapped for webhooks so that they can be called, their
// example.com URL pointed at the local upstream); the others cover the rest of the
// import list (docs/engine.md "n8n import").
import { createHash } from 'node:crypto';
import { approvals, kitchenSink, mergeAndHttp, orderRouting } from '../../libs/engine/nodes/src/n8n/fixtures.ts';

/** The local HTTP server that n8n's (and, in the tests, Weft's) HTTP Request nodes call. */
export const UPSTREAM = 'http://127.0.0.1:5680';

const hash = (text, length) => createHash('sha1').update(text).digest('hex').slice(0, length);
const uuid = (text) => hash(text, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** Credentials imported into n8n with `n8n import:credentials` (data in clear: n8n encrypts it). */
export const credentials = [
  { id: '12', name: 'Approvers', type: 'httpBasicAuth', data: { user: 'boss', password: 'secret' } },
  { id: 'cred-1', name: 'Header Auth account', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'k-123' } },
];

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function webhook(path, parameters = {}, extra = {}, typeVersion = 2) {
  return {
    parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {}, ...parameters },
    id: uuid(`${path}/webhook`),
    name: 'Webhook',
    type: 'n8n-nodes-base.webhook',
    typeVersion,
    position: [0, 0],
    webhookId: uuid(`${path}/webhook-id`),
    ...extra,
  };
}

const node = (name, type, typeVersion, parameters, position, extra = {}) => ({
  parameters,
  id: uuid(name + type),
  name,
  type: `n8n-nodes-base.${type}`,
  typeVersion,
  position,
  ...extra,
});
const to = (name, index = 0) => ({ node: name, type: 'main', index });
/** `a → b → c` connections. */
const chain = (...names) => Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[to(names[index + 1])]] }]));

const workflow = (name, nodes, connections, settings = { executionOrder: 'v1' }) => ({
  id: `weft${hash(name, 12)}`,
  name: `weft: ${name}`,
  nodes,
  connections,
  settings,
});

const post = (path, body, headers = {}) => ({ method: 'POST', path: `/webhook/${path}`, headers: { 'content-type': 'application/json', ...headers }, body });

/** Replaces a fixture's trigger (by name) with a webhook, keeping its connections. */
function withWebhook(fixture, triggerName, hook) {
  const nodes = fixture.nodes.map((entry) => (entry.name === triggerName ? hook : entry));
  const connections = Object.fromEntries(Object.entries(fixture.connections).map(([name, value]) => [name === triggerName ? hook.name : name, value]));
  return { ...fixture, nodes, connections };
}

const lastNodeAll = { responseMode: 'lastNode', responseData: 'allEntries' };

// ---- the fixtures of fixtures.ts ----

const orderRoutingWorkflow = { id: `weft${hash('order-routing', 12)}`, ...orderRouting };

// Without the Slack node: n8n refuses to start a workflow with a node that has parameter
// issues ("The workflow has issues and cannot be executed"), and the Slack node of the
// fixture has no channel.
const kitchenSinkWorkflow = (() => {
  const base = withWebhook(kitchenSink, 'When clicking ‘Test workflow’', webhook('kitchen-sink', { httpMethod: 'GET', responseMode: 'responseNode' }));
  const connections = Object.fromEntries(Object.entries(base.connections).filter(([name]) => name !== 'Other'));
  return { id: `weft${hash('kitchen-sink', 12)}`, ...base, nodes: base.nodes.filter((entry) => entry.name !== 'Slack'), connections };
})();

const approvalsWorkflow = { id: `weft${hash('approvals', 12)}`, ...approvals };

/** The fixture behind a webhook, its URL on the upstream, a Set giving the merge's second input; with or without pagination. */
function mergeAndHttpWorkflow(path, { pagination }) {
  const base = withWebhook(mergeAndHttp, 'Schedule Trigger', webhook(path, lastNodeAll));
  const nodes = base.nodes.map((entry) => {
    if (entry.name !== 'HTTP Request') return entry;
    // JSON bodies instead of the full response: the upstream's headers (date…) would make the answer unstable.
    const options = { ...entry.parameters.options, response: { response: { responseFormat: 'json' } } };
    if (!pagination) delete options.pagination;
    return { ...entry, parameters: { ...entry.parameters, url: `=${UPSTREAM}/orders/{{ $json.body.id }}`, options } };
  });
  const customer = node(
    'Customer',
    'set',
    3.4,
    {
      assignments: {
        assignments: [
          { id: 'c1', name: 'id', value: '={{ $json.body.id }}', type: 'number' },
          { id: 'c2', name: 'name', value: '={{ $json.body.name }}', type: 'string' },
        ],
      },
      options: {},
    },
    [200, 200],
  );
  const connections = { ...base.connections, Webhook: { main: [[to('HTTP Request'), to('Customer')]] }, Customer: { main: [[to('Merge', 1)]] } };
  return { id: `weft${hash(path, 12)}`, ...base, name: `${base.name} (${path})`, nodes: [...nodes, customer], connections };
}

// ---- more of the import list ----

const splitOut = (name, field, position) => node(name, 'splitOut', 1, { fieldToSplitOut: field, options: {} }, position);

function mergeCase(mode, parameters, version = 3) {
  const path = `merge-${mode}`;
  return {
    name: path,
    workflow: workflow(
      path,
      [
        webhook(path, lastNodeAll),
        splitOut('Left', 'body.left', [200, -100]),
        splitOut('Right', 'body.right', [200, 100]),
        node('Merge', 'merge', version, parameters, [400, 0]),
      ],
      { Webhook: { main: [[to('Left'), to('Right')]] }, Left: { main: [[to('Merge', 0)]] }, Right: { main: [[to('Merge', 1)]] } },
    ),
    request: post(path, {
      left: [
        { id: 1, a: 'x' },
        { id: 2, a: 'y' },
        { id: 4, a: 'w' },
      ],
      right: [
        { id: 2, b: 'q' },
        { id: 3, b: 'r' },
        { id: 1, b: 's', a: 'from-right' },
      ],
    }),
  };
}

const tag = (name, value, position) =>
  node(
    name,
    'set',
    3.4,
    { assignments: { assignments: [{ id: 't', name: 'route', value, type: 'string' }] }, includeOtherFields: true, options: {} },
    position,
  );

/** `Webhook → Split Out (body.<field>) → middle → Merge(append) of the two branches`. */
function twoBranches(path, field, router, body, { webhookVersion = 2, mergeVersion = 3 } = {}) {
  return {
    name: path,
    workflow: workflow(
      path,
      [
        webhook(path, lastNodeAll, {}, webhookVersion),
        splitOut('Split Out', `body.${field}`, [200, 0]),
        router,
        tag('First', 'first', [600, -100]),
        tag('Second', 'second', [600, 100]),
        node('Merge', 'merge', mergeVersion, {}, [800, 0]),
      ],
      {
        ...chain('Webhook', 'Split Out', router.name),
        [router.name]: { main: [[to('First')], [to('Second')]] },
        First: { main: [[to('Merge', 0)]] },
        Second: { main: [[to('Merge', 1)]] },
      },
    ),
    request: post(path, body),
  };
}

const condition = (leftValue, type, operation, rightValue, extra = {}) => ({
  id: hash(`${leftValue}${operation}${rightValue}`, 8),
  leftValue,
  rightValue,
  operator: { type, operation, ...extra },
});
const conditions = (list, combinator = 'and', options = {}) => ({
  options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', ...options },
  conditions: list,
  combinator,
});

function linear(path, nodes, request, hook = lastNodeAll) {
  const all = [webhook(path, hook), ...nodes.map((entry, index) => ({ ...entry, position: [200 * (index + 1), 0] }))];
  return { name: path, workflow: workflow(path, all, chain(...all.map((entry) => entry.name))), request };
}

export const cases = [
  { name: 'order-routing-big', workflow: orderRoutingWorkflow, request: post('orders', { qty: 3, price: 50, customer: 'ada' }) },
  { name: 'order-routing-small', workflow: orderRoutingWorkflow, request: post('orders', { qty: 1, price: 5, customer: 'bo' }) },
  { name: 'kitchen-sink', workflow: kitchenSinkWorkflow, request: { method: 'GET', path: '/webhook/kitchen-sink', headers: {}, body: null } },
  {
    name: 'approvals-small',
    workflow: approvalsWorkflow,
    request: post('approve', { amount: 50, email: 'Ada@Example.com' }, { authorization: basic('boss', 'secret') }),
  },
  {
    name: 'approvals-wrong-password',
    workflow: approvalsWorkflow,
    request: post('approve', { amount: 50, email: 'Ada@Example.com' }, { authorization: basic('boss', 'nope') }),
  },
  { name: 'approvals-no-credentials', workflow: approvalsWorkflow, request: post('approve', { amount: 50, email: 'Ada@Example.com' }) },
  { name: 'merge-and-http', workflow: mergeAndHttpWorkflow('merge-http', { pagination: false }), request: post('merge-http', { id: 1, name: 'Ada' }) },
  {
    name: 'merge-and-http-error',
    workflow: mergeAndHttpWorkflow('merge-http', { pagination: false }),
    request: post('merge-http', { id: 'fail', name: 'Bo' }),
  },
  {
    name: 'merge-and-http-pagination',
    workflow: mergeAndHttpWorkflow('merge-http-pages', { pagination: true }),
    request: post('merge-http-pages', { id: 1, name: 'Ada' }),
  },

  {
    name: 'webhook-on-received',
    workflow: workflow('webhook-on-received', [webhook('on-received', { responseMode: 'onReceived' }), tag('Tag', 'x', [200, 0])], chain('Webhook', 'Tag')),
    request: post('on-received', { a: 1 }),
  },
  linear(
    'set-types',
    [
      node(
        'Types',
        'set',
        3.4,
        {
          assignments: {
            assignments: [
              { id: 'a', name: 'count', value: '={{ $json.body.n }}', type: 'number' },
              { id: 'b', name: 'flag', value: '={{ $json.body.flag }}', type: 'boolean' },
              { id: 'c', name: 'list', value: '={{ $json.body.list }}', type: 'array' },
              { id: 'd', name: 'obj', value: '={{ $json.body.obj }}', type: 'object' },
              { id: 'e', name: 'user.name', value: '=Dr. {{ $json.body.name }}', type: 'string' },
              { id: 'f', name: 'fixed', value: 7, type: 'number' },
            ],
          },
          options: {},
        },
        [0, 0],
      ),
    ],
    post('set-types', { n: '42', flag: 'true', list: '[1,2]', obj: '{"k":1}', name: 'Ada' }),
    { responseMode: 'lastNode' },
  ),
  twoBranches(
    'if-strings',
    'words',
    node(
      'If',
      'if',
      2,
      {
        conditions: conditions(
          [
            condition('={{ $json.w }}', 'string', 'startsWith', 'a'),
            condition('={{ $json.w }}', 'string', 'contains', 'z'),
            condition('={{ $json.w }}', 'string', 'regex', '^b.+d$'),
          ],
          'or',
        ),
        options: {},
      },
      [400, 0],
    ),
    { words: [{ w: 'apple' }, { w: 'bread' }, { w: 'fizz' }, { w: 'cherry' }, { w: 'Avocado' }] },
  ),
  twoBranches(
    'switch-rules',
    'orders',
    node(
      'Switch',
      'switch',
      3,
      {
        rules: {
          values: [
            {
              conditions: conditions([condition('={{ $json.total }}', 'number', 'gt', 100), condition('={{ $json.country }}', 'string', 'equals', 'DE')], 'or'),
              renameOutput: true,
              outputKey: 'big or DE',
            },
          ],
        },
        options: { fallbackOutput: 'extra' },
      },
      [400, 0],
    ),
    {
      orders: [
        { total: 150, country: 'FR' },
        { total: 20, country: 'DE' },
        { total: 30, country: 'US' },
      ],
    },
  ),
  twoBranches('switch-expression', 'numbers', node('Switch', 'switch', 3, { mode: 'expression', numberOutputs: 2, output: '={{ $json.n % 2 }}' }, [400, 0]), {
    numbers: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }],
  }),
  linear(
    'filter-sort-limit',
    [
      splitOut('Split Out', 'body.people'),
      node('Adults', 'filter', 2, {
        conditions: conditions([
          condition('={{ $json.age }}', 'number', 'gte', 18),
          condition('={{ $json.name }}', 'string', 'notEmpty', '', { singleValue: true }),
        ]),
        options: {},
      }),
      node('Sort', 'sort', 1, { sortFieldsUi: { sortField: [{ fieldName: 'age', order: 'descending' }, { fieldName: 'name' }] }, options: {} }),
      node('Limit', 'limit', 1, { maxItems: 3, keep: 'lastItems' }),
    ],
    post('filter-sort-limit', {
      people: [
        { name: 'Ada', age: 36 },
        { name: 'Bo', age: 12 },
        { name: 'Cy', age: 36 },
        { name: '', age: 50 },
        { name: 'Di', age: 18 },
        { name: 'Ed', age: 70 },
      ],
    }),
  ),
  linear(
    'dedupe-aggregate',
    [
      splitOut('Split Out', 'body.rows'),
      node('Dedupe', 'removeDuplicates', 2, { compare: 'selectedFields', fieldsToCompare: 'sku', options: {} }),
      node('Aggregate', 'aggregate', 1, {
        fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'sku' }, { fieldToAggregate: 'qty', renameField: true, outputFieldName: 'quantities' }] },
        options: {},
      }),
    ],
    post('dedupe-aggregate', { rows: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }, { sku: 'a', qty: 3 }, { sku: 'c' }] }),
  ),
  linear(
    'aggregate-all',
    [
      splitOut('Split Out', 'body.rows'),
      node('Remove Duplicates', 'removeDuplicates', 1.1, { compare: 'allFields', options: {} }),
      node('Collect', 'aggregate', 1, { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', options: {} }),
    ],
    post('aggregate-all', {
      rows: [
        { sku: 'a', qty: 1 },
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 1 },
      ],
    }),
  ),
  linear(
    'crypto-variants',
    [
      node('MD5', 'crypto', 1, { type: 'MD5', value: '={{ $json.body.text }}', dataPropertyName: 'md5' }),
      node('SHA512', 'crypto', 1, { type: 'SHA512', value: '={{ $json.body.text }}', dataPropertyName: 'sha512', encoding: 'base64' }),
      node('HMAC', 'crypto', 1, { action: 'hmac', type: 'SHA1', value: '={{ $json.body.text }}', secret: 's3cret', dataPropertyName: 'hmac' }),
      node('Keep', 'set', 3.4, {
        assignments: { assignments: ['md5', 'sha512', 'hmac'].map((name) => ({ id: name, name, value: `={{ $json.${name} }}`, type: 'string' })) },
        options: {},
      }),
    ],
    post('crypto-variants', { text: 'héllo wörld' }),
    { responseMode: 'lastNode' },
  ),
  linear(
    'code-each-item',
    [
      splitOut('Split Out', 'body.items'),
      node('Code', 'code', 2, { mode: 'runOnceForEachItem', jsCode: 'return { json: { ...$json, doubled: $json.n * 2, index: $itemIndex } };' }),
    ],
    post('code-each-item', { items: [{ n: 1 }, { n: 5 }] }),
  ),
  linear(
    'code-all-items',
    [
      splitOut('Split Out', 'body.items'),
      node('Code', 'code', 2, {
        jsCode: 'const total = $input.all().reduce((sum, item) => sum + item.json.n, 0);\nreturn [{ total, count: items.length }, { total: total * 2 }];',
      }),
    ],
    post('code-all-items', { items: [{ n: 1 }, { n: 5 }] }),
  ),
  linear('code-mixed-items', [node('Code', 'code', 2, { jsCode: 'return [{ json: { a: 1 } }, { total: 2 }];' })], post('code-mixed-items', {})),
  linear(
    'respond-all-items',
    [
      splitOut('Split Out', 'body.rows'),
      node('Respond', 'respondToWebhook', 1.1, {
        respondWith: 'allIncomingItems',
        options: { responseCode: 200, responseHeaders: { entries: [{ name: 'X-Count', value: '={{ $input.all().length }}' }] } },
      }),
    ],
    post('respond-all-items', { rows: [{ a: 1 }, { a: 2 }] }),
    { responseMode: 'responseNode' },
  ),
  linear(
    'respond-no-data',
    [node('Respond', 'respondToWebhook', 1.1, { respondWith: 'noData', options: { responseCode: 204 } })],
    post('respond-no-data', { a: 1 }),
    { responseMode: 'responseNode' },
  ),
  linear(
    'respond-text',
    [node('Respond', 'respondToWebhook', 1.1, { respondWith: 'text', responseBody: '=Hello {{ $json.body.name }}', options: {} })],
    post('respond-text', { name: 'Ada' }),
    { responseMode: 'responseNode' },
  ),
  linear(
    'respond-first-item',
    [
      node('Name', 'set', 3.4, { assignments: { assignments: [{ id: 'n', name: 'name', value: '={{ $json.body.name }}', type: 'string' }] }, options: {} }),
      node('Respond', 'respondToWebhook', 1.1, { options: { responseCode: 201 } }),
    ],
    post('respond-first-item', { name: 'Ada' }),
    { responseMode: 'responseNode' },
  ),
  linear(
    'http-get',
    [
      node('HTTP Request', 'httpRequest', 4.2, {
        url: `${UPSTREAM}/json`,
        sendQuery: true,
        queryParameters: { parameters: [{ name: 'q', value: '={{ $json.query.q }}' }] },
        sendHeaders: true,
        headerParameters: { parameters: [{ name: 'X-Trace', value: 'abc' }] },
        options: {},
      }),
    ],
    { method: 'GET', path: '/webhook/http-get?q=hi', headers: {}, body: null },
    { httpMethod: 'GET', responseMode: 'lastNode' },
  ),
  linear(
    'date-add',
    [
      node('Add', 'dateTime', 2, { operation: 'addToDate', magnitude: '={{ $json.body.date }}', timeUnit: 'days', duration: 3, options: {} }),
      node('Format', 'dateTime', 2, { operation: 'formatDate', date: '={{ $json.newDate }}', format: 'custom', customFormat: 'yyyy-MM-dd HH:mm', options: {} }),
    ],
    post('date-add', { date: '2026-03-01T10:30:00.000Z' }),
    { responseMode: 'lastNode' },
  ),
  twoBranches(
    'if-loose-types',
    'rows',
    node(
      'If',
      'if',
      2,
      {
        conditions: conditions([condition('={{ $json.v }}', 'number', 'gt', 100)], 'and', { typeValidation: 'loose' }),
        looseTypeValidation: true,
        options: {},
      },
      [400, 0],
    ),
    { rows: [{ v: '150' }, { v: 20 }, { v: '7' }] },
  ),
  twoBranches(
    'if-strict-type-error',
    'rows',
    node(
      'If',
      'if',
      2,
      {
        conditions: conditions([condition('={{ $json.v }}', 'number', 'gt', 100)]),
        options: {},
      },
      [400, 0],
    ),
    { rows: [{ v: '150' }] },
  ),
  twoBranches(
    'switch-all-matching',
    'rows',
    node(
      'Switch',
      'switch',
      3,
      {
        rules: {
          values: [
            { conditions: conditions([condition('={{ $json.n }}', 'number', 'gte', 2)]) },
            { conditions: conditions([condition('={{ $json.tag }}', 'string', 'endsWith', 'x')]) },
          ],
        },
        options: { allMatchingOutputs: true },
      },
      [400, 0],
    ),
    {
      rows: [
        { n: 1, tag: 'ax' },
        { n: 2, tag: 'b' },
        { n: 3, tag: 'cx' },
        { n: 0, tag: 'd' },
      ],
    },
  ),
  linear(
    'filter-nothing-left',
    [splitOut('Split Out', 'body.rows'), node('None', 'filter', 2, { conditions: conditions([condition('={{ $json.n }}', 'number', 'gt', 10)]), options: {} })],
    post('filter-nothing-left', { rows: [{ n: 1 }, { n: 2 }] }),
    { responseMode: 'lastNode' },
  ),
  linear('webhook-no-data-201', [tag('Tag', 'x')], post('webhook-no-data-201', { a: 1 }), {
    responseMode: 'lastNode',
    responseData: 'noData',
    responseCode: 201,
  }),
  // webhook v2 reads the code from options.responseCode (the top-level one is v1's).
  linear(
    'webhook-response-code-option',
    [node('Only', 'set', 3.4, { assignments: { assignments: [{ id: 'o', name: 'route', value: 'x', type: 'string' }] }, options: {} })],
    post('webhook-response-code-option', { a: 1 }),
    { responseMode: 'lastNode', options: { responseCode: { values: { responseCode: 201 } } } },
  ),
  linear(
    'split-out-include',
    [
      node('Split Out', 'splitOut', 1, { fieldToSplitOut: 'body.lines', include: 'allOtherFields', options: { destinationFieldName: 'line' } }),
      node('Sort', 'sort', 1, { sortFieldsUi: { sortField: [{ fieldName: 'line.n', order: 'descending' }] }, options: {} }),
      node('Limit', 'limit', 1, { maxItems: 2 }),
      node('Aggregate', 'aggregate', 1, {
        fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'line.n' }, { fieldToAggregate: 'query' }] },
        options: {},
      }),
    ],
    post('split-out-include', { lines: [{ n: 1 }, { n: 3 }, { n: 2 }], order: 'A-1' }),
  ),
  {
    name: 'date-timezone',
    workflow: workflow(
      'date-timezone',
      [
        webhook('date-timezone'),
        node(
          'Add',
          'dateTime',
          2,
          { operation: 'addToDate', magnitude: '={{ $json.body.date }}', timeUnit: 'months', duration: 1, options: { includeInputFields: true } },
          [200, 0],
        ),
        node(
          'Format',
          'dateTime',
          2,
          {
            operation: 'formatDate',
            date: '={{ $json.body.date }}',
            format: 'custom',
            customFormat: 'yyyy-MM-dd HH:mm',
            outputFieldName: 'local',
            options: { includeInputFields: true },
          },
          [400, 0],
        ),
        node(
          'Keep',
          'set',
          3.4,
          {
            assignments: {
              assignments: [
                { id: 'a', name: 'newDate', value: '={{ $json.newDate }}', type: 'string' },
                { id: 'b', name: 'local', value: '={{ $json.local }}', type: 'string' },
              ],
            },
            options: {},
          },
          [600, 0],
        ),
      ],
      chain('Webhook', 'Add', 'Format', 'Keep'),
      { executionOrder: 'v1', timezone: 'Europe/Berlin' },
    ),
    request: post('date-timezone', { date: '2026-01-31T23:30:00.000Z' }),
  },
  linear(
    'http-post-form',
    [
      node('HTTP Request', 'httpRequest', 4.2, {
        method: 'POST',
        url: `${UPSTREAM}/form`,
        sendBody: true,
        contentType: 'form-urlencoded',
        bodyParameters: {
          parameters: [
            { name: 'name', value: '={{ $json.body.name }}' },
            { name: 'city', value: 'São Paulo' },
          ],
        },
        options: {},
      }),
    ],
    post('http-post-form', { name: 'Ada L' }),
    { responseMode: 'lastNode' },
  ),
  linear(
    'http-never-error',
    [node('HTTP Request', 'httpRequest', 4.2, { url: `${UPSTREAM}/orders/7`, options: { response: { response: { neverError: true } } } })],
    post('http-never-error', {}),
    { responseMode: 'lastNode' },
  ),
  linear(
    'respond-json-expression',
    [
      node('Respond', 'respondToWebhook', 1.1, {
        respondWith: 'json',
        responseBody: '={{ { "n": $json.body.n, "list": [1, 2], "nested": { "ok": true } } }}',
        options: { responseCode: 200, responseHeaders: { entries: [{ name: 'X-Count', value: '={{ $json.body.n }}' }] } },
      }),
    ],
    post('respond-json-expression', { n: 3 }),
    { responseMode: 'responseNode' },
  ),
  linear(
    'respond-json-literal',
    [node('Respond', 'respondToWebhook', 1.1, { respondWith: 'json', responseBody: '{\n  "ok": true,\n  "items": [1, 2]\n}', options: {} })],
    post('respond-json-literal', {}),
    { responseMode: 'responseNode' },
  ),
  linear(
    'code-each-item-array',
    [node('Code', 'code', 2, { mode: 'runOnceForEachItem', jsCode: 'return [{ json: { a: 1 } }];' })],
    post('code-each-item-array', {}),
  ),
  linear(
    'sort-strings',
    [splitOut('Split Out', 'body.rows'), node('Sort', 'sort', 1, { sortFieldsUi: { sortField: [{ fieldName: 'name' }] }, options: {} })],
    post('sort-strings', { rows: [{ name: 'b' }, { name: 'B' }, { name: 'a' }, { name: 'C' }, { name: 10 }, { name: 9 }] }),
  ),
  twoBranches(
    'switch-fallback-index',
    'rows',
    node(
      'Switch',
      'switch',
      3,
      {
        rules: {
          values: [
            { conditions: conditions([condition('={{ $json.n }}', 'number', 'lt', 0)]) },
            { conditions: conditions([condition('={{ $json.n }}', 'number', 'gt', 5)]) },
          ],
        },
        options: { fallbackOutput: 0 },
      },
      [400, 0],
    ),
    { rows: [{ n: -1 }, { n: 9 }, { n: 3 }] },
  ),
  linear(
    'dedupe-except',
    [splitOut('Split Out', 'body.rows'), node('Dedupe', 'removeDuplicates', 2, { compare: 'allFieldsExcept', fieldsToExclude: 'id', options: {} })],
    post('dedupe-except', {
      rows: [
        { id: 1, v: 'a' },
        { id: 2, v: 'a' },
        { id: 3, v: 'b' },
      ],
    }),
  ),
  {
    name: 'respond-twice',
    workflow: workflow(
      'respond-twice',
      [
        webhook('respond-twice', { responseMode: 'responseNode' }),
        node('First', 'respondToWebhook', 1.1, { respondWith: 'text', responseBody: 'first', options: {} }, [200, -100]),
        node('Second', 'respondToWebhook', 1.1, { respondWith: 'text', responseBody: 'second', options: {} }, [200, 100]),
      ],
      { Webhook: { main: [[to('First'), to('Second')]] } },
    ),
    request: post('respond-twice', {}),
  },
  linear(
    'set-include-selected',
    [
      node('Pick', 'set', 3.4, {
        assignments: { assignments: [{ id: 'p', name: 'added', value: 1, type: 'number' }] },
        includeOtherFields: true,
        include: 'selected',
        includeFields: 'body.a',
        options: {},
      }),
    ],
    post('set-include-selected', { a: 1, b: 2 }),
    { responseMode: 'lastNode' },
  ),
  linear(
    'set-include-except',
    [
      node('Drop', 'set', 3.4, {
        assignments: { assignments: [{ id: 'p', name: 'added', value: 1, type: 'number' }] },
        includeOtherFields: true,
        include: 'except',
        excludeFields: 'headers, body.b, webhookUrl, executionMode',
        options: {},
      }),
    ],
    post('set-include-except', { a: 1, b: 2 }),
    { responseMode: 'lastNode' },
  ),
  linear(
    'set-string-coercion',
    [
      node('Strings', 'set', 3.4, {
        assignments: {
          assignments: [
            { id: 'a', name: 'n', value: '={{ $json.body.n }}', type: 'string' },
            { id: 'b', name: 'o', value: '={{ $json.body.o }}', type: 'string' },
            { id: 'c', name: 'missing', value: '={{ $json.body.nothing }}', type: 'string' },
            { id: 'd', name: 'yes', value: '={{ $json.body.yes }}', type: 'boolean' },
          ],
        },
        options: {},
      }),
    ],
    post('set-string-coercion', { n: 42, o: { k: [1] }, yes: 1 }),
    { responseMode: 'lastNode' },
  ),
  twoBranches(
    'if-case-insensitive',
    'rows',
    node(
      'If',
      'if',
      2,
      {
        conditions: conditions([condition('={{ $json.name }}', 'string', 'equals', 'ada')], 'and', { caseSensitive: false }),
        options: {},
      },
      [400, 0],
    ),
    { rows: [{ name: 'ADA' }, { name: 'Bo' }] },
  ),
  linear('split-out-missing', [splitOut('Split Out', 'body.nothing')], post('split-out-missing', { a: 1 }), { responseMode: 'lastNode' }),
  linear(
    'dedupe-dotted',
    [splitOut('Split Out', 'body.rows'), node('Dedupe', 'removeDuplicates', 1.1, { compare: 'selectedFields', fieldsToCompare: 'user.id', options: {} })],
    post('dedupe-dotted', {
      rows: [
        { user: { id: 1 }, v: 'a' },
        { user: { id: 1 }, v: 'b' },
        { user: { id: 2 }, v: 'c' },
      ],
    }),
  ),
  linear(
    'crypto-object',
    [
      node('Hash', 'crypto', 1, { type: 'SHA256', value: '={{ $json.body }}', dataPropertyName: 'hash' }),
      node('Keep', 'set', 3.4, { assignments: { assignments: [{ id: 'h', name: 'hash', value: '={{ $json.hash }}', type: 'string' }] }, options: {} }),
    ],
    post('crypto-object', { b: 2, a: [1, 'x'] }),
    { responseMode: 'lastNode' },
  ),
  // The versions n8n 1.123's editor creates today.
  twoBranches(
    'latest-if',
    'rows',
    node(
      'If',
      'if',
      2.3,
      {
        conditions: conditions([condition('={{ $json.name }}', 'string', 'contains', 'a'), condition('={{ $json.n }}', 'number', 'gte', 2)], 'and', {
          version: 3,
        }),
        options: {},
      },
      [400, 0],
    ),
    {
      rows: [
        { name: 'Ada', n: 2 },
        { name: 'Bo', n: 5 },
        { name: 'Cal', n: 1 },
        { name: 'Dan', n: 9 },
      ],
    },
    { webhookVersion: 2.1, mergeVersion: 3.2 },
  ),
  twoBranches(
    'latest-switch',
    'rows',
    node(
      'Switch',
      'switch',
      3.4,
      {
        rules: {
          values: [{ conditions: conditions([condition('={{ $json.n }}', 'number', 'lt', 3)], 'and', { version: 3 }), renameOutput: true, outputKey: 'small' }],
        },
        options: { fallbackOutput: 'extra' },
      },
      [400, 0],
    ),
    { rows: [{ n: 1 }, { n: 4 }, { n: 2 }] },
    { webhookVersion: 2.1, mergeVersion: 3.2 },
  ),
  {
    name: 'latest-filter-respond',
    workflow: workflow(
      'latest-filter-respond',
      [
        webhook('latest-filter-respond', { responseMode: 'responseNode' }, {}, 2.1),
        node('Split Out', 'splitOut', 1, { fieldToSplitOut: 'body.rows', options: {} }, [200, 0]),
        node(
          'Filter',
          'filter',
          2.3,
          { conditions: conditions([condition('={{ $json.ok }}', 'boolean', 'true', '', { singleValue: true })], 'and', { version: 3 }), options: {} },
          [400, 0],
        ),
        node(
          'Respond',
          'respondToWebhook',
          1.5,
          {
            respondWith: 'allIncomingItems',
            options: { responseCode: 202, responseHeaders: { entries: [{ name: 'X-Count', value: '={{ $input.all().length }}' }] } },
          },
          [600, 0],
        ),
      ],
      chain('Webhook', 'Split Out', 'Filter', 'Respond'),
    ),
    request: post('latest-filter-respond', {
      rows: [
        { id: 1, ok: true },
        { id: 2, ok: false },
        { id: 3, ok: true },
      ],
    }),
  },
  linear(
    'latest-http',
    [
      node('HTTP Request', 'httpRequest', 4.3, {
        url: `${UPSTREAM}/json`,
        sendQuery: true,
        queryParameters: { parameters: [{ name: 'q', value: '={{ $json.body.q }}' }] },
        options: {},
      }),
    ],
    post('latest-http', { q: 'new' }),
    { responseMode: 'lastNode' },
  ),
  mergeCase('latest-keep-matches', { mode: 'combine', fieldsToMatchString: 'id', options: {} }, 3.2),
  mergeCase('append', { options: {} }),
  mergeCase('keep-matches', { mode: 'combine', fieldsToMatchString: 'id', options: {} }),
  mergeCase('enrich-input2', { mode: 'combine', fieldsToMatchString: 'id', joinMode: 'enrichInput2', options: {} }),
  mergeCase('keep-everything', { mode: 'combine', fieldsToMatchString: 'id', joinMode: 'keepEverything', options: {} }),
  mergeCase('by-position', { mode: 'combine', combineBy: 'combineByPosition', options: {} }),
  mergeCase('choose-branch', { mode: 'chooseBranch', useDataOfInput: 2 }),
];
