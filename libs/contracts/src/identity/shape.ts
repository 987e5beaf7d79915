/**
 * A deliberately tiny shape checker for event data: contracts may import nothing, so
 * no schema library. Unknown fields are problems too, which is what keeps a secret
 * (a password hash, a raw token) from being published by accident.
 */
export type FieldKind = 'string' | 'string?' | 'string|null' | 'string|null?' | 'number' | 'boolean' | 'object' | 'object?';

/** Field name → expected kind. */
export type FieldSpec = Readonly<Record<string, FieldKind>>;

/** The problems of `data` against `spec`, one message per field; `[]` when it fits. */
export function problemsOf(data: unknown, spec: FieldSpec): string[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ['data must be an object'];
  const record = data as Record<string, unknown>;
  const problems = Object.entries(spec).flatMap(([field, kind]) => (fits(record[field], field in record, kind) ? [] : [`${field} must be ${kind}`]));
  const unknown = Object.keys(record).filter((field) => !(field in spec));
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
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isPlainObject(value);
    case 'object?':
      return !present || isPlainObject(value);
  }
}

const isPlainObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Metadata every published event carries (mirrors the kernel's `EventMetadata`). */
export interface PublicEventMetadata {
  readonly organizationId?: string;
  readonly actorId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly [key: string]: unknown;
}

/** A published event: a past-tense string type, its data, and metadata. */
export interface PublicEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: PublicEventMetadata;
}
