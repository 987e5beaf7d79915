import { type JsonValue, MAX_PROPERTY_DEPTH } from '@weft/engine-core';
import { jsonTextExceedsDepth } from '@weft/kernel';
import { defined, type Mapper } from './mapper.js';
import { type MappedNode } from './model.js';
import { type ParamReader } from './params.js';

const same =
  (type: string): Mapper =>
  () => ({ type, properties: {} });

function respondBody(params: ParamReader, respondWith: string): JsonValue | undefined {
  const body = params.get('responseBody');
  if (respondWith !== 'json' || typeof body !== 'string' || body.includes('{{')) return body;
  if (jsonTextExceedsDepth(body, MAX_PROPERTY_DEPTH - 1)) {
    params.problem('error', 'parameters.responseBody', `the response body nests deeper than ${MAX_PROPERTY_DEPTH - 1} levels; it was kept as text`);
    return body;
  }
  try {
    return JSON.parse(body) as JsonValue;
  } catch {
    params.problem('error', 'parameters.responseBody', 'response body is not valid JSON');
    return body;
  }
}

const respondToWebhook: Mapper = (params) => {
  const respondWith = params.string('respondWith', 'firstIncomingItem');
  if (!['firstIncomingItem', 'allIncomingItems', 'json', 'text', 'noData'].includes(respondWith)) {
    params.problem('error', 'parameters.respondWith', `respond with "${respondWith}" is not supported`);
  }
  const entries = (params.get('options.responseHeaders.entries') as { name: string; value: JsonValue }[] | undefined) ?? [];
  const headers = Object.fromEntries(entries.map((entry) => [entry.name, toText(entry.value)]));
  return {
    type: 'respondToWebhook',
    properties: defined({
      respondWith: respondWith === 'text' ? 'json' : respondWith,
      statusCode: params.get('options.responseCode') ?? 200,
      headers,
      body: respondBody(params, respondWith),
    }),
  };
};

const toText = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value ?? ''));

const INTERVAL_UNITS: Record<string, string> = { seconds: 'seconds', minutes: 'minutes', hours: 'hours', days: 'days', weeks: 'weeks', months: 'months' };

const scheduleTrigger: Mapper = (params): MappedNode => {
  const rules = (params.raw('rule.interval') as Record<string, JsonValue>[] | undefined) ?? [{ field: 'days' }];
  if (rules.length > 1) params.problem('error', 'parameters.rule.interval', 'only the first schedule rule was imported');
  const rule = rules[0] ?? {};
  const field = String(rule['field'] ?? 'days');
  if (field === 'cronExpression') return { type: 'scheduleTrigger', properties: { cron: String(rule['expression'] ?? '') } };
  const every = Number(rule[`${field}Interval`] ?? 1);
  if (rule['triggerAtHour'] !== undefined || rule['triggerAtMinute'] !== undefined)
    params.problem('warning', 'parameters.rule.interval', 'trigger-at hour/minute is not supported');
  return { type: 'scheduleTrigger', properties: { interval: { every, unit: INTERVAL_UNITS[field] ?? 'days' } } };
};

const wait: Mapper = (params) => {
  const resume = params.string('resume', 'timeInterval');
  if (resume === 'form') params.problem('error', 'parameters.resume', 'resume on form submission is not supported');
  return {
    type: 'wait',
    properties: defined({
      resume: resume === 'form' ? 'webhook' : resume,
      amount: params.get('amount') ?? (resume === 'timeInterval' ? 1 : undefined),
      unit: params.get('unit'),
      dateTime: params.get('dateTime'),
    }),
  };
};

const splitInBatches: Mapper = (params, version) => {
  if (version < 3) params.problem('error', 'typeVersion', 'splitInBatches before version 3 has a different loop shape; rebuild the loop');
  if (params.raw('options.reset') === true) params.problem('warning', 'parameters.options.reset', 'reset is not supported');
  return { type: 'splitInBatches', properties: { batchSize: params.get('batchSize') ?? 1 }, outputs: ['done', 'loop'] };
};

const stopAndError: Mapper = (params) => {
  if (params.string('errorType', 'errorMessage') !== 'errorMessage')
    params.problem('warning', 'parameters.errorType', 'error objects are imported as their message');
  return { type: 'stopAndError', properties: { message: params.get('errorMessage') ?? params.get('errorObject') ?? 'Workflow stopped' } };
};

const executeWorkflow: Mapper = (params) => {
  const source = params.string('source', 'database');
  if (source !== 'database') params.problem('error', 'parameters.source', `sub-workflow source "${source}" is not supported`);
  const raw = params.get('workflowId');
  const workflowId = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw['value'] : raw;
  params.problem('warning', 'parameters.workflowId', 'the sub-workflow id refers to n8n; point it at the imported Weft workflow');
  const waitFor = params.raw('options.waitForSubWorkflow');
  return { type: 'executeWorkflow', properties: defined({ workflowId: workflowId ?? undefined, mode: waitFor === false ? 'fireAndForget' : 'wait' }) };
};

/** n8n's triggers and flow control: how a run starts, waits, loops, calls and ends. */
export const flowNodeMappers: Record<string, Mapper> = {
  'n8n-nodes-base.manualTrigger': same('manualTrigger'),
  'n8n-nodes-base.errorTrigger': same('errorTrigger'),
  'n8n-nodes-base.executeWorkflowTrigger': same('executeWorkflowTrigger'),
  'n8n-nodes-base.noOp': same('noOp'),
  'n8n-nodes-base.respondToWebhook': respondToWebhook,
  'n8n-nodes-base.scheduleTrigger': scheduleTrigger,
  'n8n-nodes-base.wait': wait,
  'n8n-nodes-base.splitInBatches': splitInBatches,
  'n8n-nodes-base.stopAndError': stopAndError,
  'n8n-nodes-base.executeWorkflow': executeWorkflow,
};
