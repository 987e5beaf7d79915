/**
 * What an expression can see, built by the engine per node activation and item.
 * Every value reachable from here must be plain data or a function wrapped with
 * `markCallable`; the guards refuse everything else.
 */
export interface ExpressionData {
  readonly $json: unknown;
  readonly $binary: unknown;
  readonly $itemIndex: number;
  readonly $input: unknown;
  /** `$('Node name')`. */
  readonly $: unknown;
  readonly $node: unknown;
  readonly $now: unknown;
  readonly $today: unknown;
  /** Luxon's `DateTime` statics, bound to this evaluation's clock and time zone. */
  readonly DateTime: unknown;
  readonly $execution: unknown;
  readonly $workflow: unknown;
  readonly $vars: unknown;
  readonly $items?: unknown;
  /** Set by nodes that evaluate with extra context (httpRequest pagination). */
  readonly $response?: unknown;
  readonly $pageCount?: unknown;
}

export const ROOT_NAMES: ReadonlySet<string> = new Set<keyof ExpressionData>([
  '$json',
  '$binary',
  '$itemIndex',
  '$input',
  '$',
  '$node',
  '$now',
  '$today',
  'DateTime',
  '$execution',
  '$workflow',
  '$vars',
  '$items',
  '$response',
  '$pageCount',
]);

/** Extra variables a node may pass for one evaluation. */
export type ExpressionExtras = Readonly<Partial<Pick<ExpressionData, '$response' | '$pageCount'>>>;

/** Limits of one evaluation. */
export interface EvaluationLimits {
  /** Wall time per evaluation in ms. */
  readonly timeoutMs: number;
  /** Calls (host or own functions) per evaluation. */
  readonly maxSteps: number;
}

export const DEFAULT_LIMITS: EvaluationLimits = { timeoutMs: 1000, maxSteps: 2_000_000 };
