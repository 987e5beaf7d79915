/**
 * The one shape checker of event data, shared by every context's contracts. Deliberately
 * tiny: contracts may import nothing, so no schema library. Unknown fields are problems
 * too, which is what keeps a secret (a password hash, a raw token, a ciphertext) from
 * being published by accident.
 *
 * `?` marks a field that may be absent; `|null` one that may be `null`. Arrays and
 * objects are checked as such, not element by element: the event types say the rest.
 */
export type FieldKind =
  'string' | 'string?' | 'string|null' | 'string|null?' | 'number' | 'number|null' | 'boolean' | 'object' | 'object?' | 'object|null' | 'array' | 'array|null';

/** Field name → expected kind. */
export type FieldSpec = Readonly<Record<string, FieldKind>>;

/**
 * The problems of `data` against `spec`, one message per field (`<field> must be <kind>`,
 * `<field> is not part of the contract`), in the spec's order then the unknown fields';
 * `[]` when it fits.
 */
export function problemsOf(data: unknown, spec: FieldSpec): string[] {
  if (!isPlainObject(data)) return ['data must be an object'];
  const record = data as Record<string, unknown>;
  const problems = Object.entries(spec).flatMap(([field, kind]) => (fits(record[field], field in record, kind) ? [] : [`${field} must be ${kind}`]));
  const unknown = Object.keys(record).filter((field) => !Object.hasOwn(spec, field));
  return [...problems, ...unknown.map((field) => `${field} is not part of the contract`)];
}

function fits(value: unknown, present: boolean, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'string?':
      return !present || typeof value === 'string';
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'string|null?':
      return !present || value === null || typeof value === 'string';
    case 'number':
      return isFiniteNumber(value);
    case 'number|null':
      return value === null || isFiniteNumber(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isPlainObject(value);
    case 'object?':
      return !present || isPlainObject(value);
    case 'object|null':
      return value === null || isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'array|null':
      return value === null || Array.isArray(value);
  }
}

const isFiniteNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const isPlainObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
