/**
 * The JSON Schema subset the credential schemas use, and a checker for exactly that
 * subset. Deliberately not a general validator: its messages are written so they never
 * contain the value checked (a validator echoing `data` would leak the secret into the
 * 422 body and the logs), and a schema using any other keyword is refused outright
 * rather than silently half-applied.
 */
import { type FieldError } from '@weft/kernel';

export interface JsonSchema {
  readonly type: 'object' | 'string';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** One problem of submitted data: which field, and what to fix. Never the value. */
export type CredentialDataIssue = FieldError;

const KNOWN_KEYWORDS = new Set(['type', 'description', 'properties', 'required', 'additionalProperties', 'minLength', 'maxLength', 'pattern']);

/** Throws when `schema` uses a keyword (or value) this checker does not implement. */
export function assertSupportedSchema(schema: JsonSchema, path = '#'): void {
  for (const key of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(key)) throw new Error(`Schema keyword "${key}" at ${path} is not supported`);
  }
  if (schema.type !== 'object' && schema.type !== 'string') throw new Error(`Schema type at ${path} must be object or string`);
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) throw new Error(`additionalProperties at ${path} may only be false`);
  for (const [name, child] of Object.entries(schema.properties ?? {})) assertSupportedSchema(child, `${path}/properties/${name}`);
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(pattern, 'u');
    patterns.set(pattern, regex);
  }
  return regex;
}

/** The problems of `value` against `schema`, with fields named from `field`. */
export function checkAgainstSchema(schema: JsonSchema, value: unknown, field: string): CredentialDataIssue[] {
  assertSupportedSchema(schema);
  return schema.type === 'object' ? checkObject(schema, value, field) : checkString(schema, value, field);
}

function checkObject(schema: JsonSchema, value: unknown, field: string): CredentialDataIssue[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ field, message: 'must be a JSON object' }];
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  const issues: CredentialDataIssue[] = [];
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(record, name) || record[name] === undefined) issues.push({ field: `${field}.${name}`, message: `is required${hint(properties[name])}` });
  }
  if (schema.additionalProperties === false) {
    const unknown = Object.keys(record).filter((key) => !Object.hasOwn(properties, key)).length;
    if (unknown > 0) {
      const allowed = Object.keys(properties).join(', ');
      issues.push({ field, message: `has ${unknown} unknown field${unknown === 1 ? '' : 's'}: only ${allowed} are allowed` });
    }
  }
  for (const [name, child] of Object.entries(properties)) {
    if (Object.hasOwn(record, name) && record[name] !== undefined) issues.push(...checkAgainstSchema(child, record[name], `${field}.${name}`));
  }
  return issues;
}

function checkString(schema: JsonSchema, value: unknown, field: string): CredentialDataIssue[] {
  if (typeof value !== 'string') return [{ field, message: `must be a string${hint(schema)}` }];
  // Length in code points, as JSON Schema counts it.
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength)
    return [{ field, message: schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters` }];
  if (schema.maxLength !== undefined && length > schema.maxLength) return [{ field, message: `must be at most ${schema.maxLength} characters` }];
  if (schema.pattern !== undefined && !compiled(schema.pattern).test(value)) return [{ field, message: `is not valid${hint(schema)}` }];
  return [];
}

const hint = (schema: JsonSchema | undefined): string => (schema?.description === undefined ? '' : ` (expected: ${schema.description})`);
