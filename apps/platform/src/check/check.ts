import { type Queryable } from '@weft/postgres';

// The shape every check of `weft check` has (docs/operations.md, "Checking the
// database"). A finding check judges the database: a problem makes the command exit 1.
// An information check only reports (sizes, top workflows) and never fails it.

export type CheckKind = 'finding' | 'information';
/** `info`: an information check, or a finding check that could only estimate and so judged nothing. */
export type CheckStatus = 'ok' | 'problem' | 'info' | 'error';

export type Cell = string | number | null;

/** Rows for the text report; `--json` has `data` instead. */
export interface CheckTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface CheckOutcome {
  /** One line: what was found. */
  readonly summary: string;
  /** One line per problem; none: the check passed. */
  readonly problems: readonly string[];
  /** What to do about the problems (shown only when there are some). */
  readonly advice?: string;
  readonly table?: CheckTable;
  /** How figures were obtained, e.g. which ones are estimates. */
  readonly notes?: readonly string[];
  /** Machine-readable details, for `--json`. */
  readonly data: unknown;
  /** False: a finding check that could not judge (its figures are estimates); reported as information. */
  readonly judged?: boolean;
}

export interface CheckContext {
  /** A read-only connection (the command sets `default_transaction_read_only`). */
  readonly db: Queryable;
  /** An event the store has held longer than this, not yet applied by a projection, makes it "behind". */
  readonly maxLagSeconds: number;
  /** The most items a list shows (orphans, tables, workflows). */
  readonly limit: number;
}

export interface Check {
  readonly id: string;
  readonly title: string;
  readonly kind: CheckKind;
  run(context: CheckContext): Promise<CheckOutcome>;
}

export interface CheckResult extends CheckOutcome {
  readonly id: string;
  readonly title: string;
  readonly kind: CheckKind;
  readonly status: CheckStatus;
}

export function statusOf(check: Check, outcome: CheckOutcome): CheckStatus {
  if (check.kind === 'information' || outcome.judged === false) return 'info';
  return outcome.problems.length > 0 ? 'problem' : 'ok';
}

/** Runs one check; a check that fails to run is reported as an error, the others still run. */
export async function runCheck(check: Check, context: CheckContext): Promise<CheckResult> {
  try {
    const outcome = await check.run(context);
    return { id: check.id, title: check.title, kind: check.kind, ...outcome, status: statusOf(check, outcome) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id: check.id,
      title: check.title,
      kind: check.kind,
      status: 'error',
      summary: `could not run: ${message}`,
      problems: [],
      data: { error: message },
    };
  }
}

/** "1 workflow", "3 workflows". */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string => `${count} ${count === 1 ? noun : nouns}`;
