import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { UserError } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { type RunnableVersion, ExecutionCatalog } from '../executions/execution-catalog.js';
import { Executions } from '../executions/executions.service.js';
import { platformContext } from '../executions/platform-context.js';
import { type PlannedTick, missedTickPolicyOf, planTicks } from './schedule-ticks.js';
import { type ScheduledWorkflow, listScheduledWorkflows, readLastFired, recordFired, scheduleKey } from './schedule-state.js';

/** Injection token of the optional `SchedulerOptions` (tests; production uses the defaults). */
export const SCHEDULER_OPTIONS = Symbol('SchedulerOptions');

export interface SchedulerOptions {
  /** How often the active schedules are evaluated (default 1 000 ms; scans start just after each multiple of it). */
  readonly intervalMs?: number;
  /** How long a schedule that did not compute (bad cron, version gone) waits before it is tried again (default 10 s). */
  readonly retryAfterMs?: number;
  /** Off: `onApplicationBootstrap` does not start the loop (tests call `scan` themselves). */
  readonly autoStart?: boolean;
  /** dueTicks options (defaults: 60 s grace, 100 ticks per call). */
  readonly graceMs?: number;
  readonly maxCatchUp?: number;
}

/** What one scan did (for tests and logs). */
export interface ScanResult {
  readonly schedules: number;
  readonly queued: number;
  readonly duplicates: number;
  readonly failed: number;
}

/** What the scheduler needs of `Executions` and `ExecutionCatalog` (fakes in tests). */
export type TickStarter = Pick<Executions, 'request' | 'start'>;
export type VersionSource = Pick<ExecutionCatalog, 'version'>;

const ERROR_LOG_EVERY_MS = 10 * 60_000;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Fires the schedule triggers of every active workflow (README.md): every second, reads
 * the active schedules from the execution catalog and the last fired ticks from
 * `execution_schedule_state`, and queues each due tick as an execution whose id is the
 * tick id, so a tick runs once however many replicas evaluate it. Errors of one
 * schedule are logged and skipped; the loop never stops.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('scheduler');
  private readonly intervalMs: number;
  private readonly retryAfterMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private scanning: Promise<unknown> = Promise.resolve();
  /** Per schedule: the activation it was evaluated under and when it is next due (no evaluation before). */
  private readonly due = new Map<string, { activation: string; at: number }>();
  /** Per schedule: the last tick this process saw queued (the table may be unreachable). */
  private readonly fired = new Map<string, Date>();
  /** Per schedule: the last error logged and when (repeated errors are logged every 10 minutes). */
  private readonly errors = new Map<string, { message: string; at: number }>();
  private stateTableMissing = false;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Executions) private readonly executions: TickStarter,
    @Inject(ExecutionCatalog) private readonly catalog: VersionSource,
    @Optional() @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions = {},
  ) {
    this.options = options ?? {};
    this.intervalMs = this.options.intervalMs ?? 1_000;
    this.retryAfterMs = this.options.retryAfterMs ?? 10_000;
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart === false) return;
    this.stopped = false;
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
  }

  /** The next scan just after the next multiple of the interval (ticks are whole seconds: fire them on time). */
  private schedule(): void {
    if (this.stopped) return;
    const delay = this.intervalMs - (Date.now() % this.intervalMs) + 20;
    this.timer = setTimeout(() => {
      this.scanning = this.scan()
        .catch((error: unknown) => this.logger.warn(`schedules could not be read: ${message(error)}`))
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** Evaluates every active schedule once at `now` and queues the due ticks. */
  async scan(now = new Date()): Promise<ScanResult> {
    const workflows = await listScheduledWorkflows(this.db);
    const lastFired = await this.storedLastFired(workflows.map((w) => w.workflowId));
    const seen = new Set<string>();
    let schedules = 0;
    let queued = 0;
    let duplicates = 0;
    let failed = 0;
    for (const workflow of workflows) {
      let runnable: RunnableVersion | undefined | null = null;
      for (const schedule of workflow.schedules) {
        const key = scheduleKey(workflow.workflowId, schedule.nodeId);
        const activation = `${workflow.version}@${workflow.activatedAt.getTime()}`;
        seen.add(key);
        schedules++;
        const due = this.due.get(key);
        if (due !== undefined && due.activation === activation && due.at > now.getTime()) continue;
        try {
          runnable ??= await this.catalog.version(workflow.organizationId, workflow.workflowId, workflow.version);
          if (runnable === undefined) throw new Error(`version ${workflow.version} is not in the catalog`);
          const settings = runnable.workflow.settings as Readonly<Record<string, unknown>> | undefined;
          const plan = planTicks(
            { workflowId: workflow.workflowId, version: workflow.version, schedule, activatedAt: workflow.activatedAt },
            later(lastFired.get(key), this.fired.get(key)),
            now,
            settings,
            {
              ...(this.options.graceMs === undefined ? {} : { graceMs: this.options.graceMs }),
              ...(this.options.maxCatchUp === undefined ? {} : { maxCatchUp: this.options.maxCatchUp }),
            },
          );
          if (plan.droppedMissed) this.logger.log(`schedule ${key}: missed ticks not fired (missedTicks: ${missedTickPolicyOf(settings)})`);
          const outcome = await this.fire(workflow, runnable, schedule.nodeId, plan.ticks);
          queued += outcome.queued;
          duplicates += outcome.duplicates;
          if (outcome.error === undefined) {
            this.due.set(key, { activation, at: plan.next?.getTime() ?? Number.POSITIVE_INFINITY });
            this.errors.delete(key);
          } else {
            // Not marked as evaluated: the failed tick is tried again at the next scan (its id keeps it once).
            this.due.delete(key);
            failed++;
            this.report(key, `a tick could not be queued: ${message(outcome.error)}`, now);
          }
        } catch (error) {
          failed++;
          this.due.set(key, { activation, at: now.getTime() + this.retryAfterMs });
          this.report(key, `skipped: ${message(error)}`, now);
        }
      }
    }
    for (const map of [this.due, this.fired, this.errors]) for (const key of map.keys()) if (!seen.has(key)) map.delete(key);
    return { schedules, queued, duplicates, failed };
  }

  /** Queues `ticks` in order; stops at the first that cannot be queued. Records the last one queued. */
  private async fire(
    workflow: ScheduledWorkflow,
    runnable: RunnableVersion,
    nodeId: string,
    ticks: readonly PlannedTick[],
  ): Promise<{ queued: number; duplicates: number; error?: unknown }> {
    let queued = 0;
    let duplicates = 0;
    let last: Date | undefined;
    let failure: unknown;
    for (const tick of ticks) {
      try {
        const context = platformContext(workflow.organizationId, tick.executionId);
        const request = this.executions.request(runnable, {
          executionId: tick.executionId,
          mode: 'schedule',
          triggerNodeId: nodeId,
          items: [{ json: tick.item }],
          actorId: null,
          authorityId: workflow.activatedBy,
          context,
        });
        const started = await this.executions.start(request, false);
        if ('duplicate' in started && started.duplicate === true) duplicates++;
        else queued++;
      } catch (error) {
        // The same tick queued under another version (a replica still on the previous activation): it is taken.
        if (error instanceof UserError && error.code === 'execution.exists') duplicates++;
        else if (error instanceof UserError && error.code === 'plan.limit_reached') {
          // Past the monthly run limit the tick is skipped, not kept to fire later: reported, and the schedule goes on.
          this.report(scheduleKey(workflow.workflowId, nodeId), `a tick was skipped: ${error.message}`, new Date());
        } else {
          failure = error;
          break;
        }
      }
      last = tick.scheduledAt;
      this.fired.set(scheduleKey(workflow.workflowId, nodeId), tick.scheduledAt);
    }
    if (last !== undefined && !this.stateTableMissing) {
      await recordFired(this.db, workflow.workflowId, nodeId, workflow.version, last).catch((error: unknown) => this.stateUnavailable(error));
    }
    return failure === undefined ? { queued, duplicates } : { queued, duplicates, error: failure };
  }

  private async storedLastFired(workflowIds: readonly string[]): Promise<Map<string, Date>> {
    if (this.stateTableMissing) return new Map();
    try {
      return await readLastFired(this.db, workflowIds);
    } catch (error) {
      this.stateUnavailable(error);
      return new Map();
    }
  }

  /** Without its table the scheduler still fires on-time ticks (from memory); only the catch-up after a restart is lost. */
  private stateUnavailable(error: unknown): void {
    if ((error as { code?: string }).code === '42P01') {
      if (!this.stateTableMissing)
        this.logger.error('table execution_schedule_state is missing (scheduleStateMigrations not applied): ticks missed during a restart cannot be caught up');
      this.stateTableMissing = true;
      return;
    }
    this.logger.warn(`schedule state could not be read or written: ${message(error)}`);
  }

  private report(key: string, text: string, now: Date): void {
    const previous = this.errors.get(key);
    if (previous !== undefined && previous.message === text && now.getTime() - previous.at < ERROR_LOG_EVERY_MS) return;
    this.errors.set(key, { message: text, at: now.getTime() });
    this.logger.warn(`schedule ${key} ${text}`);
  }
}

function later(a: Date | undefined, b: Date | undefined): Date | null {
  if (a === undefined) return b ?? null;
  if (b === undefined) return a;
  return a.getTime() >= b.getTime() ? a : b;
}
