import { type JsonValue } from '@weft/engine-core';
import { type ImportProblem } from './model.js';

/** n8n's `=`-prefixed values are expressions; others are literals, even with braces. */
export function convertValue(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value === 'string') {
    if (value.startsWith('=')) return value.slice(1);
    // A literal that contains `{{` must stay text in Weft, where any string is a template.
    return value.includes('{{') ? value.replaceAll('{{', '{{ "{{" }}') : value;
  }
  if (Array.isArray(value)) return value.map((entry) => convertValue(entry) ?? null);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, convertValue(entry) ?? null]));
  }
  return value;
}

/**
 * Reads an n8n node's parameters and remembers what was read, so that everything the
 * mapper did not understand can be reported instead of dropped.
 */
export class ParamReader {
  private readonly used = new Set<string>();

  constructor(
    private readonly parameters: Record<string, JsonValue>,
    private readonly nodeName: string,
    private readonly problems: ImportProblem[],
  ) {}

  /** A parameter at a dot path, expressions converted. */
  get(path: string): JsonValue | undefined {
    this.used.add(path);
    return convertValue(this.raw(path));
  }

  /** A parameter at a dot path (numbers index arrays: `rules.values.0`), as written (for code and for deciding modes). */
  raw(path: string): JsonValue | undefined {
    this.used.add(path);
    let current: JsonValue | undefined = this.parameters;
    for (const part of path.split('.')) {
      if (Array.isArray(current)) current = /^\d+$/.test(part) ? current[Number(part)] : undefined;
      else if (current !== null && typeof current === 'object') current = current[part];
      else return undefined;
    }
    return current;
  }

  string(path: string, fallback: string): string {
    const value = this.raw(path);
    return typeof value === 'string' ? value : fallback;
  }

  problem(severity: ImportProblem['severity'], path: string, message: string): void {
    this.problems.push({ severity, node: this.nodeName, path, message });
  }

  /** Reports parameters (and `options.*` entries) nobody read. */
  reportUnused(): void {
    for (const [key, value] of Object.entries(this.parameters)) {
      if (key === 'options' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const option of Object.keys(value)) {
          if (!this.isUsed(`options.${option}`))
            this.problem('warning', `parameters.options.${option}`, `option "${option}" is not supported and was not imported`);
        }
      } else if (!this.isUsed(key)) {
        this.problem('warning', `parameters.${key}`, `parameter "${key}" is not supported and was not imported`);
      }
    }
  }

  private isUsed(path: string): boolean {
    for (const used of this.used) if (used === path || used.startsWith(`${path}.`)) return true;
    return false;
  }
}
