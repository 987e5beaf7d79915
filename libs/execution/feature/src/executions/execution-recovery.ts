import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore } from '@weft/eventstore';
import { EVENT_STORE } from '@weft/nest';
import { Database } from '@weft/postgres';
import { ProjectionWatermarks } from '@weft/projections';
import { EXECUTIONS_PROJECTION } from '@weft/read-model-executions';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { ExecutionResumption } from './execution-resumption.js';
import { ExecutionStates } from './execution-states.js';
import { HEARTBEAT_MS, heartbeat, orphanedExecutions } from './execution-workers.js';
import { Executions } from './executions.service.js';
import { FailureFollowUps } from './failure-follow-ups.js';

/** How often waiting executions whose time has come are looked for. */
const WAIT_SCAN_MS = 1_000;
/** How long start-up recovery waits for the executions read model to catch up with the log. */
const CATCH_UP_TIMEOUT_MS = 120_000;
/** How often other workers' orphans are looked for. */
const ORPHAN_SCAN_MS = 3_000;
/** A queued execution nobody started for this long is run here. */
const QUEUED_ORPHAN_MS = 10_000;

/**
 * No accepted execution is lost. Every worker beats in `execution_workers`; executions
 * whose worker stopped beating (or that nobody started for a while) are taken over and
 * resumed from their last checkpoint — at start-up once the executions read model has
 * caught up with the log, then every few seconds, so replicas cover for each other.
 * Waiting executions resume when their time has come (a scan every second, so a wait
 * survives restarts).
 */
@Injectable()
export class ExecutionRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-recovery');
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private orphanTimer: NodeJS.Timeout | undefined;
  private scanning = false;
  private recovered: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    private readonly watermarks: ProjectionWatermarks,
    private readonly executions: Executions,
    private readonly states: ExecutionStates,
    private readonly resumption: ExecutionResumption,
    private readonly followUps: FailureFollowUps,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the process must become ready (and serve) while it catches up.
    this.recovered = this.beat()
      .then(() => this.recoverOrphans(true))
      .catch((error: unknown) => this.logger.error(`recovery failed: ${String(error)}`));
    this.timer = setInterval(() => void this.resumeDueWaits(), WAIT_SCAN_MS);
    this.timer.unref();
    this.heartbeatTimer = setInterval(() => void this.beat().catch((error: unknown) => this.logger.warn(`heartbeat failed: ${String(error)}`)), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
    this.orphanTimer = setInterval(
      () => void this.recovered.then(() => this.recoverOrphans(false)).catch((error: unknown) => this.logger.warn(`orphan scan failed: ${String(error)}`)),
      ORPHAN_SCAN_MS,
    );
    this.orphanTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of [this.timer, this.heartbeatTimer, this.orphanTimer]) if (timer) clearInterval(timer);
    await this.recovered;
  }

  private beat(): Promise<void> {
    return heartbeat(this.db, this.config.workerId);
  }

  /**
   * Takes over what another worker left: its running executions once its heartbeat is
   * stale, and executions queued for long enough that their process may be gone (at
   * start-up also what ran under this worker's id before a restart). The lease decides
   * if two workers reach for one run: only one start is recorded.
   */
  private async recoverOrphans(startUp: boolean): Promise<void> {
    if (startUp) await this.catchUp();
    let recovered = 0;
    for (const executionId of await orphanedExecutions(this.db, this.config.workerId, QUEUED_ORPHAN_MS, startUp)) {
      if (this.executions.isLocal(executionId)) continue;
      const state = await this.states.found(executionId);
      if (state === undefined || (state.status !== 'queued' && state.status !== 'running')) continue;
      await this.resumption.recover(state);
      recovered++;
    }
    if (recovered > 0) this.logger.log(`took over ${recovered} unfinished execution(s)`);
    // Automatic retries whose backoff a stop cut short run now (a platform read: every organization's).
    if (!startUp) return;
    const { rows: retries } = await this.db.query<{ execution_id: string; organization_id: string }>(
      `select execution_id, organization_id from executions where engine_status = 'error' and retried_as is null and (error ->> 'willRetry')::boolean`,
    );
    for (const row of retries)
      await this.followUps
        .retryAutomatically(row.organization_id, row.execution_id)
        .catch((error: unknown) => this.logger.warn(`retry of ${row.execution_id}: ${String(error)}`));
  }

  /**
   * Before the start-up scan: waits (bounded) until the executions read model has what the
   * store held at start, so the scan sees every run this worker's previous life left.
   * Only a projection that follows the store has a log position to wait for: one fed from
   * Kafka (the distributed mode) records offsets instead, and waiting for a position it
   * never records held every later scan, takeovers included, for the whole timeout. There
   * the scan goes ahead, and the periodic scans pick up what the read model had not yet
   * shown (each run's state is read from its events before it is taken over).
   */
  private async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === undefined) return;
    const { rows } = await this.db.query<{ follows_store: boolean }>(
      'select position is not null as follows_store from projection_checkpoints where projection = $1',
      [EXECUTIONS_PROJECTION],
    );
    if (rows[0]?.follows_store !== true) return;
    await this.watermarks
      .waitForProjections({ projections: [EXECUTIONS_PROJECTION], after: head }, { timeoutMs: CATCH_UP_TIMEOUT_MS })
      .catch((error: unknown) => this.logger.warn(`start-up recovery scans a read model still behind the store: ${String(error)}`));
  }

  private async resumeDueWaits(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      // A platform read: every organization's due waits.
      const { rows } = await this.db.query<{ execution_id: string }>(
        `select execution_id from executions where engine_status = 'waiting' and waiting_until <= now() limit 100`,
      );
      for (const row of rows) {
        const state = await this.states.found(row.execution_id);
        if (state?.status !== 'waiting' || state.waitingOn?.until == null || Date.parse(state.waitingOn.until) > Date.now()) continue;
        await this.resumption
          .resume(state, 'timer')
          .catch((error: unknown) => this.logger.warn(`execution ${row.execution_id} did not resume: ${String(error)}`));
      }
    } catch (error) {
      this.logger.warn(`waiting executions could not be scanned: ${String(error)}`);
    } finally {
      this.scanning = false;
    }
  }
}
