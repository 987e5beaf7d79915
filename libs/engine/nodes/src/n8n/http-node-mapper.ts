import { type JsonValue, MAX_PROPERTY_DEPTH } from '@weft/engine-core';
import { jsonTextExceedsDepth } from '@weft/kernel';
import { defined, type Mapper } from './mapper.js';
import { type ParamReader } from './params.js';

const GENERIC_AUTH: Record<string, string> = {
  httpBasicAuth: 'basic',
  httpHeaderAuth: 'header',
  httpQueryAuth: 'queryAuth',
  httpBearerAuth: 'bearer',
  oAuth2Api: 'oauth2ClientCredentials',
};

function keyValues(params: ParamReader, path: string): Record<string, JsonValue> | undefined {
  const entries = params.get(path) as { name?: string; value?: JsonValue }[] | undefined;
  if (!entries) return undefined;
  return Object.fromEntries(entries.filter((entry) => entry.name).map((entry) => [entry.name!, entry.value ?? '']));
}

/** `specifyX: 'json'` holds a JSON string (or an expression producing an object). */
function jsonParameter(params: ParamReader, path: string): JsonValue | undefined {
  const value = params.get(path);
  if (typeof value !== 'string' || value.trim().startsWith('{{')) return value;
  // Deeper than a property may be: kept as the text it was, and said so (validation would refuse the workflow).
  if (jsonTextExceedsDepth(value, MAX_PROPERTY_DEPTH - 1)) {
    params.problem('error', `parameters.${path}`, `the JSON nests deeper than ${MAX_PROPERTY_DEPTH - 1} levels; it was kept as text`);
    return value;
  }
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return value;
  }
}

interface BodyParameter {
  readonly parameterType?: string;
  readonly name?: string;
  readonly value?: JsonValue;
  readonly inputDataFieldName?: JsonValue;
}

/** `formData` parameters become text fields, `formBinaryData` ones file parts of the item's binary property. */
function mapMultipart(params: ParamReader): Record<string, JsonValue | undefined> {
  const parameters = ((params.get('bodyParameters.parameters') as BodyParameter[] | undefined) ?? []).filter((entry) => entry.name);
  const files = parameters.filter((entry) => entry.parameterType === 'formBinaryData' && entry.inputDataFieldName);
  const fields = parameters.filter((entry) => entry.parameterType !== 'formBinaryData');
  return {
    bodyType: 'multipart',
    body: Object.fromEntries(fields.map((entry) => [entry.name!, entry.value ?? ''])),
    binaryFields: files.length > 0 ? Object.fromEntries(files.map((entry) => [entry.name!, entry.inputDataFieldName!])) : undefined,
  };
}

function mapBody(params: ParamReader): Record<string, JsonValue | undefined> {
  if (params.raw('sendBody') !== true) return {};
  const contentType = params.string('contentType', 'json');
  if (contentType === 'multipart-form-data') return mapMultipart(params);
  if (contentType === 'binaryData') return { bodyType: 'binary', binaryProperty: params.get('inputDataFieldName') ?? 'data' };
  if (contentType === 'raw') return { bodyType: 'raw', body: params.get('body'), contentType: params.get('rawContentType') };
  const specify = params.string('specifyBody', 'keypair');
  const body = specify === 'json' ? jsonParameter(params, 'jsonBody') : keyValues(params, 'bodyParameters.parameters');
  return { bodyType: contentType === 'form-urlencoded' ? 'form' : 'json', body };
}

function mapAuthentication(params: ParamReader): string {
  const authentication = params.string('authentication', 'none');
  if (authentication === 'none') return 'none';
  if (authentication === 'predefinedCredentialType') {
    params.problem(
      'error',
      'parameters.nodeCredentialType',
      `predefined credential "${params.string('nodeCredentialType', '')}" is not supported; use a generic credential`,
    );
    return 'none';
  }
  const generic = GENERIC_AUTH[params.string('genericAuthType', '')];
  if (!generic) params.problem('error', 'parameters.genericAuthType', `authentication "${params.string('genericAuthType', '')}" is not supported`);
  return generic ?? 'none';
}

const PARAMETER_PLACES: Record<string, string> = { qs: 'query', body: 'body', headers: 'header' };

/** n8n 4.x `options.pagination.pagination` → Weft `pagination` (same `$response` / `$pageCount`). */
function mapPagination(params: ParamReader): JsonValue | undefined {
  const mode = params.string('options.pagination.pagination.paginationMode', 'off');
  if (mode === 'off') return undefined;
  const base = 'options.pagination.pagination';
  const when = params.string(`${base}.paginationCompleteWhen`, 'responseIsEmpty');
  const completion: Record<string, JsonValue> =
    when === 'receiveSpecificStatusCodes'
      ? {
          completeWhen: 'statusCodes',
          statusCodes: params
            .string(`${base}.statusCodesWhenComplete`, '')
            .split(',')
            .map((code) => Number(code.trim()))
            .filter((code) => code > 0),
        }
      : when === 'other'
        ? { completeWhen: 'expression', complete: params.get(`${base}.completeExpression`) ?? null }
        : { completeWhen: 'emptyResponse' };
  const maxPages = params.raw(`${base}.limitPagesFetched`) === true ? Number(params.raw(`${base}.maxRequests`) ?? 100) : 100;
  const interval = Number(params.raw(`${base}.requestInterval`) ?? 0);
  const limits = { maxPages, ...(interval > 0 ? { requestInterval: interval } : {}) };
  if (mode === 'responseContainsNextURL') return { mode: 'nextUrl', nextUrl: params.get(`${base}.nextURL`) ?? null, ...completion, ...limits };
  const parameters = (params.get(`${base}.parameters.parameters`) as { type?: string; name?: string; value?: JsonValue }[] | undefined) ?? [];
  if (parameters.length > 1) params.problem('error', `parameters.${base}.parameters`, 'only one pagination parameter is supported');
  const first = parameters[0] ?? {};
  return {
    mode: 'parameter',
    parameter: { name: first.name ?? 'page', in: PARAMETER_PLACES[first.type ?? 'qs'] ?? 'query', value: first.value ?? null },
    ...completion,
    ...limits,
  };
}

const RESPONSE_FORMATS: Record<string, string> = { autodetect: 'autodetect', json: 'json', text: 'text', file: 'binary' };

/** httpRequest v4.x → httpRequest. */
export const httpRequestMapper: Mapper = (params, version) => {
  if (version < 4) params.problem('error', 'typeVersion', `httpRequest version ${version} has a different parameter shape; only v4 is mapped`);
  const query =
    params.raw('sendQuery') === true
      ? params.string('specifyQuery', 'keypair') === 'json'
        ? jsonParameter(params, 'jsonQuery')
        : keyValues(params, 'queryParameters.parameters')
      : undefined;
  const headers =
    params.raw('sendHeaders') === true
      ? params.string('specifyHeaders', 'keypair') === 'json'
        ? jsonParameter(params, 'jsonHeaders')
        : keyValues(params, 'headerParameters.parameters')
      : undefined;
  const format = params.string('options.response.response.responseFormat', 'autodetect');
  const timeout = params.get('options.timeout');
  return {
    type: 'httpRequest',
    properties: defined({
      method: params.string('method', 'GET'),
      url: params.get('url'),
      authentication: mapAuthentication(params),
      query,
      headers,
      ...mapBody(params),
      responseFormat: RESPONSE_FORMATS[format] ?? 'autodetect',
      fullResponse: params.raw('options.response.response.fullResponse') === true ? true : undefined,
      neverError: params.raw('options.response.response.neverError') === true ? true : undefined,
      followRedirects: params.raw('options.redirect.redirect.followRedirects') === false ? false : undefined,
      maxRedirects: params.get('options.redirect.redirect.maxRedirects'),
      timeout,
      ignoreSslIssues: params.raw('options.allowUnauthorizedCerts') === true ? true : undefined,
      pagination: mapPagination(params),
    }),
  };
};
