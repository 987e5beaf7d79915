/**
 * The credential types and their data schemas. A schema is plain JSON Schema (draft
 * 2020-12 subset) so the HTTP layer can publish it; `validateCredentialData` interprets
 * exactly that subset (see schema-check.ts) and refuses a schema using anything else.
 */
import { UserError } from '@weft/kernel';
import { type CredentialDataIssue, type JsonSchema, checkAgainstSchema } from './schema-check.js';

export { type CredentialDataIssue, type JsonSchema } from './schema-check.js';

export const CREDENTIAL_TYPES = ['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2ClientCredentials', 'custom'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** Largest `custom` credential, as UTF-8 JSON. */
export const CUSTOM_CREDENTIAL_MAX_BYTES = 16_384;
/** Deepest nesting of a `custom` credential (objects and arrays). */
export const CUSTOM_CREDENTIAL_MAX_DEPTH = 8;

// No CR, LF or NUL: these values end up in HTTP headers and URLs (header injection).
const NO_CONTROL = '^[^\\r\\n\\u0000]*$';
// RFC 9110 field-name token.
const HEADER_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
const HTTPS_URL = '^https://[^\\s/?#@]+(?::[0-9]{1,5})?(?:[/?#][^\\s]*)?$';

const text = (maxLength: number, description: string, pattern = NO_CONTROL): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength,
  pattern,
  description: pattern === NO_CONTROL ? `${description}, without line breaks or NUL characters` : description,
});

const object = (properties: Record<string, JsonSchema>, required: readonly string[]): JsonSchema => ({
  type: 'object',
  properties,
  required: [...required],
  additionalProperties: false,
});

/** The data schema of each type. */
export const CREDENTIAL_SCHEMAS: { readonly [T in CredentialType]: JsonSchema } = {
  httpBasicAuth: object(
    {
      // RFC 7617: the user-id cannot contain a colon.
      user: text(256, 'user name, without ":", line breaks or NUL characters', '^[^:\\r\\n\\u0000]*$'),
      password: text(1_024, 'password'),
    },
    ['user', 'password'],
  ),
  httpHeaderAuth: object({ name: text(256, "HTTP header name: letters, digits and !#$%&'*+.^_`|~-", HEADER_NAME), value: text(8_192, 'header value') }, [
    'name',
    'value',
  ]),
  httpBearerAuth: object({ token: text(8_192, 'bearer token') }, ['token']),
  httpQueryAuth: object({ name: text(256, 'query parameter name'), value: text(4_096, 'query parameter value') }, ['name', 'value']),
  oAuth2ClientCredentials: object(
    {
      tokenUrl: text(2_048, 'token endpoint, an https:// URL', HTTPS_URL),
      clientId: text(1_024, 'client id'),
      clientSecret: text(4_096, 'client secret'),
      scope: text(1_024, 'space-separated scopes'),
      audience: text(1_024, 'audience'),
    },
    ['tokenUrl', 'clientId', 'clientSecret'],
  ),
  custom: { type: 'object', description: `any JSON object up to ${CUSTOM_CREDENTIAL_MAX_BYTES} bytes` },
};

/**
 * Which fields of each type are secret. Nothing of a credential's `data` is returned by
 * any endpoint (API contract): this list exists for what may be *derived* from data —
 * e.g. a UI hint that a header credential sets `X-Api-Key` — which may use only the
 * non-secret fields. `custom` is secret as a whole.
 */
export const CREDENTIAL_SECRET_FIELDS: { readonly [T in CredentialType]: readonly string[] | 'all' } = {
  httpBasicAuth: ['password'],
  httpHeaderAuth: ['value'],
  httpBearerAuth: ['token'],
  httpQueryAuth: ['value'],
  oAuth2ClientCredentials: ['clientSecret'],
  custom: 'all',
};

export function isCredentialType(value: unknown): value is CredentialType {
  return typeof value === 'string' && (CREDENTIAL_TYPES as readonly string[]).includes(value);
}

/**
 * The problems of `data` as a credential of `type`; empty when valid. Messages say what
 * to fix and never contain a submitted value (nor an unknown key: it may be a pasted secret).
 */
export function validateCredentialData(type: CredentialType, data: unknown): CredentialDataIssue[] {
  const issues = checkAgainstSchema(CREDENTIAL_SCHEMAS[type], data, 'data');
  if (issues.length > 0 || type !== 'custom') return issues;
  return checkCustomSize(data);
}

/** Throws a 422 `UserError` (`credential.data_invalid`, `details.errors`) unless `data` is valid for `type`. */
export function assertValidCredentialData(type: CredentialType, data: unknown): void {
  const errors = validateCredentialData(type, data);
  if (errors.length > 0) throw new UserError('unprocessable', 'credential.data_invalid', `The data of a ${type} credential is not valid`, { errors });
}

function checkCustomSize(data: unknown): CredentialDataIssue[] {
  if (depth(data) > CUSTOM_CREDENTIAL_MAX_DEPTH)
    return [{ field: 'data', message: `must nest objects and arrays at most ${CUSTOM_CREDENTIAL_MAX_DEPTH} levels deep` }];
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch {
    json = undefined;
  }
  if (json === undefined || !isJsonValue(data)) return [{ field: 'data', message: 'must be plain JSON (strings, numbers, booleans, null, arrays, objects)' }];
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > CUSTOM_CREDENTIAL_MAX_BYTES) return [{ field: 'data', message: `must be at most ${CUSTOM_CREDENTIAL_MAX_BYTES} bytes as JSON` }];
  return [];
}

function depth(value: unknown, level = 0): number {
  if (level > CUSTOM_CREDENTIAL_MAX_DEPTH) return level;
  if (value === null || typeof value !== 'object') return level;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.reduce<number>((max, child) => Math.max(max, depth(child, level + 1)), level + 1);
}

function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every(isJsonValue);
}
