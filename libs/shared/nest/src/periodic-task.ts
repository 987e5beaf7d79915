import { type Logger } from '@nestjs/common';

export interface PeriodicSchedule {
  readonly intervalMs: number;
  /** A first pass this long after start (default: the first interval). */
  readonly firstAfterMs?: number;
}

/**
 * A background job's schedule: a pass every `intervalMs` (and a first one `firstAfterMs`
 * after start). Passes never overlap (a pass still running when the next is due makes
 * that one skip), a pass that throws is logged and the schedule goes on, and `stop` waits
 * for the pass in flight. The timers do not keep the process alive.
 */
export class PeriodicTask {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    /** What the pass does, for the log: "the subscription clock did not run: ...". */
    private readonly what: string,
    private readonly pass: () => Promise<unknown>,
  ) {}

  start({ intervalMs, firstAfterMs }: PeriodicSchedule): void {
    if (firstAfterMs !== undefined) this.timers.push(setTimeout(() => this.tick(), firstAfterMs).unref());
    this.timers.push(setInterval(() => this.tick(), intervalMs).unref());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    await this.running;
  }

  private tick(): void {
    if (this.running !== undefined) return;
    this.running = this.pass()
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`${this.what} did not run: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
