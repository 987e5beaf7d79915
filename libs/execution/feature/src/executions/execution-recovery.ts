import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore } from '@weft/eventstore';
import { type ExistingExecution, executionDecider, executionStreamId } from '@weft/execution-domain';
import { foldEvents } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { Database } from '@weft/postgres';
import { ProjectionWatermarks } from '@weft/projections';
import { EXECUTIONS_PROJECTION } from '@weft/read-model-executions';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { Executions } from './executions.service.js';

/** How often waiting executions whose time has come are looked for. */
const WAIT_SCAN_MS = 1_000;
/** How far ahead a wait is held as an in-process timer instead of found by the scan. */
const CATCH_UP_TIMEOUT_MS = 120_000;

/**
 * No accepted execution is lost. At start-up, once the executions read model has
 * caught up with the log, every execution another process left unfinished (queued, or
 * running under a worker that is gone) is taken over and resumed from its last
 * checkpoint; and waiting executions are resumed when their time has come (a scan
 * every second, so a wait survives restarts). In the embedded platform there is one
 * process, so every unfinished execution not run by this one is an orphan.
 */
@Injectable()
export class ExecutionRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-recovery');
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;
  private recovered: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    private readonly watermarks: ProjectionWatermarks,
    private readonly executions: Executions,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the process must become ready (and serve) while it catches up.
    this.recovered = this.recoverOrphans().catch((error: unknown) => this.logger.error(`recovery failed: ${String(error)}`));
    this.timer = setInterval(() => void this.resumeDueWaits(), WAIT_SCAN_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.recovered;
  }

  private async recoverOrphans(): Promise<void> {
    const head = await this.store.headPosition();
    if (head) await this.watermarks.waitForProjections({ projections: [EXECUTIONS_PROJECTION], after: head }, { timeoutMs: CATCH_UP_TIMEOUT_MS });
    const { rows } = await this.db.query<{ execution_id: string }>(
      `select execution_id from executions where engine_status in ('queued', 'running') and worker_id is distinct from $1 order by created_at`,
      [this.config.workerId],
    );
    for (const row of rows) {
      const state = await this.state(row.execution_id);
      if (state === undefined || (state.status !== 'queued' && state.status !== 'running') || this.executions.runner.isRunning(state.executionId)) continue;
      if (state.status === 'running' && state.workerId === this.config.workerId) continue;
      await this.executions.recover(state);
    }
    if (rows.length > 0) this.logger.log(`recovered ${rows.length} unfinished execution(s)`);
    // Automatic retries whose backoff a stop cut short run now.
    const { rows: retries } = await this.db.query<{ execution_id: string; organization_id: string }>(
      `select execution_id, organization_id from executions where engine_status = 'error' and retried_as is null and (error ->> 'willRetry')::boolean`,
    );
    for (const row of retries) await this.executions.retryAutomatically(row.organization_id, row.execution_id).catch((error: unknown) => this.logger.warn(`retry of ${row.execution_id}: ${String(error)}`));
  }

  private async resumeDueWaits(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      const { rows } = await this.db.query<{ execution_id: string }>(`select execution_id from executions where engine_status = 'waiting' and waiting_until <= now() limit 100`);
      for (const row of rows) {
        const state = await this.state(row.execution_id);
        if (state?.status !== 'waiting' || state.waitingOn?.until == null || Date.parse(state.waitingOn.until) > Date.now()) continue;
        await this.executions.resume(state, 'timer').catch((error: unknown) => this.logger.warn(`execution ${row.execution_id} did not resume: ${String(error)}`));
      }
    } catch (error) {
      this.logger.warn(`waiting executions could not be scanned: ${String(error)}`);
    } finally {
      this.scanning = false;
    }
  }

  private async state(executionId: string): Promise<ExistingExecution | undefined> {
    const state = foldEvents(executionDecider, (await this.store.readStream(executionStreamId(executionId))) as never[]);
    return state.status === 'none' ? undefined : state;
  }
}
