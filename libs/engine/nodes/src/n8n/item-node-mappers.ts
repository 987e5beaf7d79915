import { type JsonValue } from '@weft/engine-core';
import { type MappedNode } from './model.js';
import { defined, type Mapper } from './mapper.js';

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
  return {
    type: 'aggregate',
    properties: {
      aggregate: 'individualFields',
      fields,
      keepMissing: params.raw('options.keepMissing') === true,
      mergeLists: params.raw('options.mergeLists') === true,
    },
  };
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

const dateTime: Mapper = (params, version) => {
  if (version < 2) params.problem('error', 'typeVersion', 'dateTime version 1 is not supported');
  const operation = params.string('operation', 'getCurrentDate');
  if (!['getCurrentDate', 'addToDate', 'subtractFromDate', 'formatDate'].includes(operation))
    params.problem('error', 'parameters.operation', `operation "${operation}" is not supported`);
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

/** n8n's item-transforming nodes: reshape, order, filter and compute over items. */
export const itemNodeMappers: Record<string, Mapper> = {
  'n8n-nodes-base.splitOut': splitOut,
  'n8n-nodes-base.aggregate': aggregate,
  'n8n-nodes-base.sort': sort,
  'n8n-nodes-base.limit': limit,
  'n8n-nodes-base.removeDuplicates': removeDuplicates,
  'n8n-nodes-base.crypto': crypto,
  'n8n-nodes-base.dateTime': dateTime,
};
