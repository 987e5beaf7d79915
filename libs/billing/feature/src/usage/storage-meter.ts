import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { integerSetting } from '@weft/config';
import { PeriodicTask } from '@weft/nest';
import { Database } from '@weft/postgres';
import { measureStorage } from '@weft/read-model-billing';

/** Session-level advisory lock key: one replica measures at a time. */
const STORAGE_METER_LOCK = 7_340_018;

export interface StorageMeterConfig {
  /** How often every organization's stored bytes are measured (BILLING_STORAGE_INTERVAL_MS, default 1 hour; 0: never). */
  readonly intervalMs: number;
}

export const STORAGE_METER_CONFIG = Symbol('StorageMeterConfig');

export function loadStorageMeterConfig(env: NodeJS.ProcessEnv): StorageMeterConfig {
  return { intervalMs: integerSetting(env, 'BILLING_STORAGE_INTERVAL_MS', 3_600_000, 0, 86_400_000) };
}

/**
 * Measures what each organization stores (its events and execution payloads) into
 * `billing_storage` every BILLING_STORAGE_INTERVAL_MS, and once shortly after start; the
 * storage limit (`storage_gb`) and `GET .../billing/usage` read the last measurement.
 * A gauge, not a count: measuring twice is harmless, so replicas only skip a pass another
 * is running rather than coordinate.
 */
@Injectable()
export class StorageMeter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('storage-meter');
  private readonly task = new PeriodicTask(this.logger, 'the storage meter', () => this.measureOnce(new Date()));

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(STORAGE_METER_CONFIG) private readonly config: StorageMeterConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalMs > 0) this.task.start({ firstAfterMs: 5_000, intervalMs: this.config.intervalMs });
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `at`: the organizations measured, or `undefined` when another replica holds the pass. */
  async measureOnce(at: Date): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [STORAGE_METER_LOCK]);
      if (rows[0]?.locked !== true) return undefined;
      return measureStorage(tx, at);
    });
  }
}
