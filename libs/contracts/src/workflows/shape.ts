import { type FieldKind, problemsOf } from '../identity/shape.js';

/** The identity shape kinds plus `array` (nodes, connections, tags, routes). */
export type WorkflowsFieldKind = FieldKind | 'array';
export type WorkflowsFieldSpec = Readonly<Record<string, WorkflowsFieldKind>>;

/** `problemsOf` with array fields: unknown fields are still problems. */
export function workflowsProblemsOf(data: unknown, spec: WorkflowsFieldSpec): string[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ['data must be an object'];
  const record = data as Record<string, unknown>;
  const isArrayField = (field: string) => Object.hasOwn(spec, field) && spec[field] === 'array';
  const scalarSpec = Object.fromEntries(Object.entries(spec).filter(([field]) => !isArrayField(field))) as Readonly<Record<string, FieldKind>>;
  const scalars = Object.fromEntries(Object.entries(record).filter(([field]) => !isArrayField(field)));
  const arrayProblems = Object.keys(spec)
    .filter((field) => isArrayField(field) && !Array.isArray(record[field]))
    .map((field) => `${field} must be array`);
  return [...arrayProblems, ...problemsOf(scalars, scalarSpec)];
}
