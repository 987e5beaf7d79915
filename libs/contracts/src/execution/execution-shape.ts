import { type FieldKind, problemsOf } from '../shape.js';

/** The identity shape kinds plus arrays (items, credential ids, log lines), nullable numbers, arrays and objects, and optional numbers and arrays. */
export type ExecutionFieldKind = FieldKind | 'array' | 'array|null' | 'array?' | 'number|null' | 'number?' | 'object|null';
export type ExecutionFieldSpec = Readonly<Record<string, ExecutionFieldKind>>;

const isPlainObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

const EXTRA_KINDS: Readonly<Record<string, (value: unknown) => boolean>> = {
  array: (value) => Array.isArray(value),
  'array|null': (value) => value === null || Array.isArray(value),
  // Absent in JSON is undefined here: an optional field that is there must be of its kind.
  'array?': (value) => value === undefined || Array.isArray(value),
  'number|null': (value) => value === null || (typeof value === 'number' && Number.isFinite(value)),
  'number?': (value) => value === undefined || (typeof value === 'number' && Number.isFinite(value)),
  'object|null': (value) => value === null || isPlainObject(value),
};

/** `problemsOf` with the extra kinds: unknown fields are still problems. */
export function executionProblemsOf(data: unknown, spec: ExecutionFieldSpec): string[] {
  if (!isPlainObject(data)) return ['data must be an object'];
  const record = data as Record<string, unknown>;
  const extraCheck = (field: string) => (Object.hasOwn(spec, field) ? EXTRA_KINDS[spec[field] as string] : undefined);
  const scalarSpec = Object.fromEntries(Object.entries(spec).filter(([field]) => !extraCheck(field))) as Readonly<Record<string, FieldKind>>;
  const scalars = Object.fromEntries(Object.entries(record).filter(([field]) => !extraCheck(field)));
  const extraProblems = Object.keys(spec).flatMap((field) => {
    const check = extraCheck(field);
    return check && !check(record[field]) ? [`${field} must be ${spec[field]}`] : [];
  });
  return [...extraProblems, ...problemsOf(scalars, scalarSpec)];
}
