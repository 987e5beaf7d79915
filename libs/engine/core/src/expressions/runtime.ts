import { type EvaluationLimits, type ExpressionData } from './data.js';
import { SandboxViolation } from './errors.js';

/** Mutable state of one evaluation: the data and the budget spent so far. */
export class Runtime {
  steps = 0;
  /** Characters and array elements built so far; bounds memory as `steps` bounds time. */
  produced = 0;
  private startedAt = -1;

  constructor(
    readonly data: ExpressionData,
    private readonly limits: EvaluationLimits,
  ) {}

  /** Counts one call; every 1024 calls also checks the wall-clock budget. */
  step(): void {
    this.steps += 1;
    if ((this.steps & 1023) !== 0) return;
    if (this.steps > this.limits.maxSteps) throw new SandboxViolation('expression exceeded its step budget');
    const now = performance.now();
    if (this.startedAt < 0) this.startedAt = now;
    else if (now - this.startedAt > this.limits.timeoutMs) throw new SandboxViolation('expression exceeded its time limit');
  }
}

/** Most characters + array elements one evaluation may build (stops doubling concat/repeat loops). */
export const MAX_PRODUCED = 20_000_000;

/** Counts what a call or operator built and passes it through. */
export function track<T>(rt: Runtime, value: T): T {
  const size = typeof value === 'string' ? value.length : Array.isArray(value) ? value.length : 0;
  if (size > 0) {
    rt.produced += size;
    if (rt.produced > MAX_PRODUCED) throw new SandboxViolation('expression built too much data');
  }
  return value;
}

/** Variables of an arrow function call; `parent` is the enclosing arrow's frame. */
export interface Frame {
  readonly values: readonly unknown[];
  readonly parent: Frame | undefined;
}
