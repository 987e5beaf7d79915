import { type JsonValue, MAX_PROPERTY_DEPTH } from '@weft/engine-core';
import { jsonTextExceedsDepth } from '@weft/kernel';
import { defined, type Mapper } from './mappers.js';
import { type MappedNode } from './model.js';
import { type ParamReader } from './params.js';

const same = (type: string): Mapper => () => ({ type, properties: {} });

const splitOut: Mapper = (params) => ({
  type: 'splitOut',
  properties: defined({
    field: params.get('fieldToSplitOut'),
    include: params.string('include', 'noOtherFields'),
    fieldsToInclude: params.get('fieldsToInclude'),
    destinationField: params.get('options.destinationFieldName'),
  }),
});

const aggregate: Mapper = (params): MappedNode => {
  if (params.string('aggregate', 'aggregateIndividualFields') === 'aggregateAllItemData') {
    return { type: 'aggregate', properties: { aggregate: 'allItemData', destinationField: params.get('destinationFieldName') ?? 'data' } };
  }
  const fields = ((params.raw('fieldsToAggregate.fieldToAggregate') as Record<string, JsonValue>[] | undefined) ?? []).map((entry) =>
    defined({ field: entry['fieldToAggregate'], renameTo: entry['renameField'] === true ? entry['outputFieldName'] : undefined }),
  );
  return { type: 'aggregate', properties: { aggregate: 'individualFields', fields, keepMissing: params.raw('options.keepMissing') === true, mergeLists: params.raw('options.mergeLists') === true } };
};

const sort: Mapper = (params) => {
  if (params.string('type', 'simple') !== 'simple') params.problem('error', 'parameters.type', `sort type "${params.string('type', '')}" is not supported`);
  const fields = ((params.raw('sortFieldsUi.sortField') as Record<string, JsonValue>[] | undefined) ?? []).map((entry) => ({
    field: String(entry['fieldName'] ?? ''),
    order: entry['order'] === 'descending' ? 'desc' : 'asc',
  }));
  return { type: 'sort', properties: { fields } };
};

const limit: Mapper = (params) => ({ type: 'limit', properties: { maxItems: params.get('maxItems') ?? 1, keep: params.string('keep', 'firstItems') } });

const removeDuplicates: Mapper = (params) => {
  const operation = params.string('operation', 'removeDuplicateInputItems');
  if (operation !== 'removeDuplicateInputItems') params.problem('error', 'parameters.operation', `operation "${operation}" is not supported`);
  const compare = params.string('compare', 'allFields');
  const fields = compare === 'allFieldsExcept' ? params.get('fieldsToExclude') : params.get('fieldsToCompare');
  return { type: 'removeDuplicates', properties: defined({ compare, fields }) };
};

const crypto: Mapper = (params) => {
  const action = params.string('action', 'hash');
  if (action === 'sign') params.problem('error', 'parameters.action', 'signing is not supported');
  return {
    type: 'crypto',
    properties: defined({
      action,
      type: params.string('type', 'MD5').toLowerCase(),
      value: params.get('value'),
      secret: params.get('secret'),
      encoding: params.string('encoding', 'hex'),
      dataPropertyName: params.get('dataPropertyName') ?? 'data',
      encodingType: params.raw('encodingType'),
      stringLength: params.raw('stringLength'),
    }),
  };
};

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
  if (rule['triggerAtHour'] !== undefined || rule['triggerAtMinute'] !== undefined) params.problem('warning', 'parameters.rule.interval', 'trigger-at hour/minute is not supported');
  return { type: 'scheduleTrigger', properties: { interval: { every, unit: INTERVAL_UNITS[field] ?? 'days' } } };
};

const wait: Mapper = (params) => {
  const resume = params.string('resume', 'timeInterval');
  if (resume === 'form') params.problem('error', 'parameters.resume', 'resume on form submission is not supported');
  return { type: 'wait', properties: defined({ resume: resume === 'form' ? 'webhook' : resume, amount: params.get('amount') ?? (resume === 'timeInterval' ? 1 : undefined), unit: params.get('unit'), dateTime: params.get('dateTime') }) };
};

const splitInBatches: Mapper = (params, version) => {
  if (version < 3) params.problem('error', 'typeVersion', 'splitInBatches before version 3 has a different loop shape; rebuild the loop');
  if (params.raw('options.reset') === true) params.problem('warning', 'parameters.options.reset', 'reset is not supported');
  return { type: 'splitInBatches', properties: { batchSize: params.get('batchSize') ?? 1 }, outputs: ['done', 'loop'] };
};

const stopAndError: Mapper = (params) => {
  if (params.string('errorType', 'errorMessage') !== 'errorMessage') params.problem('warning', 'parameters.errorType', 'error objects are imported as their message');
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

const dateTime: Mapper = (params, version) => {
  if (version < 2) params.problem('error', 'typeVersion', 'dateTime version 1 is not supported');
  const operation = params.string('operation', 'getCurrentDate');
  if (!['getCurrentDate', 'addToDate', 'subtractFromDate', 'formatDate'].includes(operation)) params.problem('error', 'parameters.operation', `operation "${operation}" is not supported`);
  const format = params.string('format', 'iso');
  return {
    type: 'dateTime',
    properties: defined({
      operation,
      date: params.get('magnitude') ?? params.get('date'),
      duration: params.get('duration'),
      unit: params.get('timeUnit'),
      format: format === 'custom' ? params.get('customFormat') : format === 'iso' ? 'iso' : format,
      outputFieldName: params.get('outputFieldName'),
      // n8n's formatDate reads a date string in UTC (in its offset when it has a `+hh` one),
      // or in the workflow's zone once "Use Workflow Timezone" is on; a DateTime in its own zone.
      timezone: operation === 'formatDate' ? (params.raw('options.timezone') ? undefined : 'UTC') : params.get('options.timezone'),
      keepOffset: operation === 'formatDate' && !params.raw('options.timezone') ? true : undefined,
      // dateTime v2 outputs only the new field unless "Include Input Fields" is on.
      includeInputFields: params.raw('options.includeInputFields') === true,
    }),
  };
};

export const moreMappers: Record<string, Mapper> = {
  'n8n-nodes-base.manualTrigger': same('manualTrigger'),
  'n8n-nodes-base.errorTrigger': same('errorTrigger'),
  'n8n-nodes-base.executeWorkflowTrigger': same('executeWorkflowTrigger'),
  'n8n-nodes-base.noOp': same('noOp'),
  'n8n-nodes-base.splitOut': splitOut,
  'n8n-nodes-base.aggregate': aggregate,
  'n8n-nodes-base.sort': sort,
  'n8n-nodes-base.limit': limit,
  'n8n-nodes-base.removeDuplicates': removeDuplicates,
  'n8n-nodes-base.crypto': crypto,
  'n8n-nodes-base.respondToWebhook': respondToWebhook,
  'n8n-nodes-base.scheduleTrigger': scheduleTrigger,
  'n8n-nodes-base.wait': wait,
  'n8n-nodes-base.splitInBatches': splitInBatches,
  'n8n-nodes-base.stopAndError': stopAndError,
  'n8n-nodes-base.executeWorkflow': executeWorkflow,
  'n8n-nodes-base.dateTime': dateTime,
};
