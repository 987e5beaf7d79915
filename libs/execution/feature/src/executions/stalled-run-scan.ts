import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStreamStore } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { Database } from '@weft/postgres';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { loadExecution } from '../runner/execution-store.js';
import { abandonedAfterMs, holderVerdict, isAbandoned } from '../runner/watchdog-verdicts.js';
import { ExecutionResumption } from './execution-resumption.js';
import { HEARTBEAT_MS, longRunningExecutions, recordedHolders } from './execution-workers.js';
import { Executions } from './executions.service.js';

/** How often the runs held here are checked against the watchdog's limits. */
const WATCHDOG_TICK_MS = 1_000;
/** How often the runs held here are compared with the read model (a cancel signal that did not arrive, a takeover). */
const HOLDER_CHECK_MS = HEARTBEAT_MS;
/** How often other live workers' runs are checked for a holder that stopped recording. */
const ABANDONED_SCAN_MS = 5_000;

/**
 * The run watchdog's scans (docs/executions.md, "Hung workers"); its verdicts are
 * `runner/watchdog-verdicts.ts`. In this process: a run without progress for
 * EXECUTION_MAX_RUN_MS (or EXECUTION_WATCHDOG_GRACE_MS past its workflow timeout) is
 * aborted and recorded failed, and a run the read model shows canceled or held by
 * another worker is stopped. Across workers: a run of a live worker with no event
 * recorded for `abandonedAfterMs` (its holder's own watchdog did not act) is taken over
 * with a new lease, which fences the holder's late writes. A worker whose event loop is
 * blocked stops heartbeating too (same loop): recovery's dead-worker takeover covers it.
 */
@Injectable()
export class StalledRunScan implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-watchdog');
  private readonly timers: NodeJS.Timeout[] = [];
  private checking = false;
  private scanning = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    private readonly executions: Executions,
    private readonly resumption: ExecutionResumption,
  ) {}

  onApplicationBootstrap(): void {
    const every = (ms: number, tick: () => void) => {
      const timer = setInterval(tick, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(WATCHDOG_TICK_MS, () => this.tick());
    every(HOLDER_CHECK_MS, () => void this.checkHolders());
    every(ABANDONED_SCAN_MS, () => void this.takeOverAbandoned());
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  tick(now = Date.now()): void {
    const { stalled, abandoned } = this.executions.runner.watch(now);
    for (const id of stalled) this.logger.warn(`execution ${id} made no progress within its limit: aborted`);
    for (const id of abandoned) this.logger.warn(`execution ${id} did not stop within ${this.config.watchdog.graceMs} ms of its abort: left behind`);
  }

  /** Stops the runs held here that the read model shows canceled, finished elsewhere or taken over. */
  async checkHolders(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const held = this.executions.runner.held();
      const recorded = await recordedHolders(
        this.db,
        held.map((run) => run.executionId),
      );
      for (const run of held) {
        const verdict = holderVerdict({ workerId: this.config.workerId, lease: run.lease }, recorded.get(run.executionId));
        if (verdict === 'keep') continue;
        this.logger.log(`execution ${run.executionId} is ${verdict === 'canceled' ? 'canceled' : 'no longer held here'}: stopping it`);
        this.executions.runner.release(run.executionId, verdict);
      }
    } catch (error) {
      this.logger.warn(`the runs held here could not be checked: ${String(error)}`);
    } finally {
      this.checking = false;
    }
  }

  /** Takes over runs whose live holder recorded nothing for `abandonedAfterMs` (lease + 1: the holder's late writes are refused). */
  async takeOverAbandoned(now = Date.now()): Promise<number> {
    if (this.scanning) return 0;
    this.scanning = true;
    let taken = 0;
    try {
      const limits = this.config.watchdog;
      for (const candidate of await longRunningExecutions(this.db, this.config.workerId, abandonedAfterMs(limits))) {
        if (this.executions.isLocal(candidate.executionId)) continue;
        const { state, lastRecordedAt } = await loadExecution(this.store, candidate.executionId);
        if (lastRecordedAt === null || !isAbandoned(lastRecordedAt.getTime(), now, limits)) continue;
        if (state.status !== 'running' || state.workerId !== candidate.workerId) continue;
        this.logger.warn(
          `execution ${candidate.executionId}: its worker ${candidate.workerId} is alive but recorded nothing for ${now - lastRecordedAt.getTime()} ms; taking it over`,
        );
        await this.resumption.recover(state);
        taken++;
      }
    } catch (error) {
      this.logger.warn(`abandoned runs could not be scanned: ${String(error)}`);
    } finally {
      this.scanning = false;
    }
    return taken;
  }
}
