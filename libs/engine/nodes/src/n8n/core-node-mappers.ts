import { type JsonValue } from '@weft/engine-core';
import { mapConditions } from './conditions.js';
import { defined, type Mapper } from './mapper.js';
import { convertValue, type ParamReader } from './params.js';

const RESPONSE_MODES = new Set(['onReceived', 'lastNode', 'responseNode']);
const RESPONSE_DATA = new Set(['firstEntryJson', 'allEntries', 'noData']);

const webhook: Mapper = (params, version) => {
  const auth = params.string('authentication', 'none');
  const responseMode = params.string('responseMode', 'onReceived');
  if (!RESPONSE_MODES.has(responseMode)) params.problem('error', 'parameters.responseMode', `response mode "${responseMode}" is not supported`);
  if (auth === 'jwtAuth') params.problem('error', 'parameters.authentication', 'JWT webhook authentication is not supported');
  params.raw('options.rawBody');
  const responseData = params.string('responseData', 'firstEntryJson');
  if (!RESPONSE_DATA.has(responseData)) params.problem('error', 'parameters.responseData', `response data "${responseData}" is not supported`);
  return {
    type: 'webhookTrigger',
    properties: defined({
      path: params.get('path'),
      method: params.string('httpMethod', 'GET'),
      responseMode,
      responseCode: responseMode === 'responseNode' ? undefined : responseCode(params, version),
      responseData: responseMode === 'lastNode' && responseData !== 'firstEntryJson' ? responseData : undefined,
      authentication: auth === 'basicAuth' ? 'basic' : auth === 'headerAuth' ? 'header' : 'none',
    }),
  };
};

/** Webhook v1 has a top-level `responseCode`; v2 ignores it and reads `options.responseCode.values`. */
function responseCode(params: ParamReader, version: number): JsonValue | undefined {
  if (version < 2) return params.get('responseCode');
  if (params.raw('responseCode') !== undefined)
    params.problem('warning', 'parameters.responseCode', 'webhook v2 ignores the top-level responseCode (n8n answers 200); not imported');
  return params.get('options.responseCode.values.customCode') || params.get('options.responseCode.values.responseCode');
}

const SET_TYPES = new Set(['string', 'number', 'boolean', 'array', 'object']);

const set: Mapper = (params, version) => {
  if (params.string('mode', 'manual') === 'raw') {
    params.problem('error', 'parameters.mode', 'set in JSON ("raw") mode is not supported; use fields');
    params.raw('jsonOutput');
  }
  const assignments = (params.raw('assignments.assignments') as { name: string; value: JsonValue; type?: string }[] | undefined) ?? [];
  const legacy = (params.raw('fields.values') as Record<string, JsonValue>[] | undefined) ?? [];
  const fields = [
    ...assignments.map(({ name, value, type }, index) => {
      if (type && !SET_TYPES.has(type)) params.problem('warning', `parameters.assignments.assignments[${index}].type`, `type "${type}" imported as string`);
      return { name, type: type && SET_TYPES.has(type) ? type : 'string', value: convertValue(value) ?? null };
    }),
    ...legacy.map((field) => {
      const type = String(field['type'] ?? 'stringValue').replace(/Value$/, '');
      return { name: String(field['name']), type, value: convertValue(field[`${type}Value`]) ?? null };
    }),
  ];
  // Since set 3.3, other fields are dropped unless includeOtherFields is on; before, `include` decided.
  const include = params.raw('includeOtherFields');
  const mode = include === undefined ? params.string('include', version >= 3.3 ? 'none' : 'all') : include === true ? params.string('include', 'all') : 'none';
  const keepOnlySet = mode === 'none';
  params.raw('options.dotNotation');
  const chosen: Record<string, JsonValue> =
    mode === 'selected' ? { keepFields: params.get('includeFields') ?? '' } : mode === 'except' ? { dropFields: params.get('excludeFields') ?? '' } : {};
  return { type: 'set', properties: { fields, keepOnlySet, ...chosen } };
};

const ifNode: Mapper = (params) => ({ type: 'if', properties: { ...mapConditions(params, 'conditions', 'looseTypeValidation') }, outputs: ['true', 'false'] });
const filter: Mapper = (params) => ({ type: 'filter', properties: { ...mapConditions(params, 'conditions', 'looseTypeValidation') } });

const switchNode: Mapper = (params) => {
  const fallback = params.raw('options.fallbackOutput');
  params.raw('options.allMatchingOutputs');
  if (params.string('mode', 'rules') === 'expression') {
    const count = Number(params.raw('numberOutputs') ?? 4);
    const outputs = Array.from({ length: count }, (_v, index) => String(index));
    return { type: 'switch', properties: defined({ mode: 'expression', numberOutputs: count, output: params.get('output') }), outputs };
  }
  const rules = ((params.raw('rules.values') as Record<string, JsonValue>[] | undefined) ?? []).map((rule, index) => {
    const name = rule['renameOutput'] === true && typeof rule['outputKey'] === 'string' ? rule['outputKey'] : String(index);
    return { ...mapConditions(params, `rules.values.${index}.conditions`, 'options.looseTypeValidation'), output: name };
  });
  const names = rules.map((rule) => rule.output);
  const fallbackName = fallback === 'extra' ? 'extra' : typeof fallback === 'number' ? names[fallback] : undefined;
  return {
    type: 'switch',
    properties: defined({
      mode: 'rules',
      rules,
      fallbackOutput: fallbackName ?? 'none',
      allMatchingOutputs: params.raw('options.allMatchingOutputs') === true,
    }),
    outputs: fallback === 'extra' ? [...names, 'fallback'] : names,
  };
};

const JOINS: Record<string, string> = { keepMatches: 'inner', keepEverything: 'outer', enrichInput1: 'left', enrichInput2: 'right' };

const merge: Mapper = (params) => {
  const inputs = ['input1', 'input2'];
  if (Number(params.raw('numberInputs') ?? 2) > 2) params.problem('error', 'parameters.numberInputs', 'merge with more than two inputs is not supported');
  const mode = params.string('mode', 'append');
  if (mode === 'append') return { type: 'merge', properties: { mode: 'append' }, inputs };
  if (mode === 'chooseBranch') {
    const input = params.raw('useDataOfInput') ?? 1;
    const output = params.string('output', 'specifiedInput') === 'empty' ? 'empty' : `input${String(input)}`;
    params.raw('chooseBranchMode');
    return { type: 'merge', properties: { mode: 'chooseBranch', output }, inputs };
  }
  if (mode !== 'combine') {
    params.problem('error', 'parameters.mode', `merge mode "${mode}" is not supported`);
    return { type: 'merge', properties: { mode: 'append' }, inputs };
  }
  const by = params.string('combineBy', 'combineByFields');
  if (by === 'combineByPosition')
    return { type: 'merge', properties: { mode: 'combineByPosition', includeUnpaired: params.raw('options.includeUnpaired') === true }, inputs };
  if (by !== 'combineByFields') params.problem('error', 'parameters.combineBy', `combine by "${by}" is not supported`);
  const advanced = (params.raw('fieldsToMatch.values') as { field1?: string; field2?: string }[] | undefined)?.[0];
  const simple = params.string('fieldsToMatchString', '').split(',')[0]?.trim();
  params.raw('advanced');
  const joinMode = params.string('joinMode', 'keepMatches');
  const join = JOINS[joinMode];
  if (!join) params.problem('error', 'parameters.joinMode', `join mode "${joinMode}" is not supported`);
  return {
    type: 'merge',
    properties: defined({ mode: 'combineByKey', key1: advanced?.field1 ?? simple, key2: advanced?.field2 ?? simple, join: join ?? 'inner' }),
    inputs,
  };
};

const code: Mapper = (params) => {
  if (params.string('language', 'javaScript') !== 'javaScript') params.problem('error', 'parameters.language', 'only JavaScript code is supported');
  params.raw('pythonCode');
  return { type: 'code', properties: { code: params.string('jsCode', ''), mode: params.string('mode', 'runOnceForAllItems') } };
};

/** The core nodes of the catalogue (workflow-format.md): webhook, set, if, filter, switch, merge, code. */
export const coreNodeMappers: Record<string, Mapper> = {
  'n8n-nodes-base.webhook': webhook,
  'n8n-nodes-base.set': set,
  'n8n-nodes-base.if': ifNode,
  'n8n-nodes-base.filter': filter,
  'n8n-nodes-base.switch': switchNode,
  'n8n-nodes-base.merge': merge,
  'n8n-nodes-base.code': code,
};
