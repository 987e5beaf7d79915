/**
 * A WHERE clause built from optional filters, numbering the parameters as it goes:
 * `where.and(`type = ${where.param(type)}`)`. Values only ever travel as parameters.
 */
export class SqlWhere {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `$n` for `value`, added to the parameters. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  get sql(): string {
    return this.conditions.length === 0 ? 'true' : this.conditions.join(' and ');
  }
}

/** An `ilike` pattern for "contains `text`": its `%`, `_` and `\` are literal. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
