import os from 'node:os';
import { type PlatformConfig, integerSetting } from '@weft/config';
import { type ExecutionJobsConfig } from './jobs/index.js';

/** Injection token of the `ExecutionConfig`. */
export const EXECUTION_CONFIG = Symbol('ExecutionConfig');

/** The execution service's configuration (README, "Configuration"). */
export interface ExecutionConfig {
  /** Runs at once in this process. */
  readonly concurrency: number;
  /** Runs of one organization at once in this process; its excess waits (fair queue). */
  readonly organizationConcurrency: number;
  /** Node runs finishing within this many ms of the last write are written together. */
  readonly checkpointIntervalMs: number;
  /** Hosts and CIDR ranges HTTP Request nodes may reach although private (the SSRF guard's allow-list). */
  readonly egressAllowList: readonly string[];
  readonly code: { readonly timeoutMs: number; readonly memoryMb: number; readonly poolSize: number };
  readonly workerId: string;
  /** Execution data (read model, payloads) and logs are kept this many days; the job runs every `intervalMs`. */
  readonly retention: { readonly executionDays: number; readonly logDays: number; readonly archiveDays: number; readonly intervalMs: number };
  /** The run watchdog: a run without progress for `maxRunMs` (or `graceMs` past its workflow timeout) is stopped and recorded failed. */
  readonly watchdog: { readonly maxRunMs: number; readonly graceMs: number };
}

/**
 * Reads EXECUTION_CONCURRENCY (64), EXECUTION_ORGANIZATION_CONCURRENCY (16),
 * EXECUTION_CHECKPOINT_INTERVAL_MS (25), EGRESS_ALLOW_LIST (none), CODE_TIMEOUT_MS (1000),
 * CODE_MEMORY_MB (128), CODE_SANDBOXES (2), WORKER_ID (host-pid), EXECUTION_RETENTION_DAYS (90),
 * EXECUTION_LOG_RETENTION_DAYS (30), EXECUTION_ARCHIVE_DAYS (365; 0: no archive), EXECUTION_RETENTION_INTERVAL_MS (1 hour), EXECUTION_MAX_RUN_MS
 * (1 hour without progress) and EXECUTION_WATCHDOG_GRACE_MS (30 s).
 */
export function loadExecutionConfig(env: NodeJS.ProcessEnv): ExecutionConfig {
  return {
    concurrency: integerSetting(env, 'EXECUTION_CONCURRENCY', 64, 1, 10_000),
    organizationConcurrency: integerSetting(env, 'EXECUTION_ORGANIZATION_CONCURRENCY', 16, 1, 10_000),
    checkpointIntervalMs: integerSetting(env, 'EXECUTION_CHECKPOINT_INTERVAL_MS', 25, 0, 60_000),
    egressAllowList: (env['EGRESS_ALLOW_LIST'] ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    code: {
      timeoutMs: integerSetting(env, 'CODE_TIMEOUT_MS', 1000, 10, 60_000),
      memoryMb: integerSetting(env, 'CODE_MEMORY_MB', 128, 16, 4096),
      poolSize: integerSetting(env, 'CODE_SANDBOXES', 2, 1, 64),
    },
    workerId: env['WORKER_ID']?.trim() || `${os.hostname()}-${process.pid}`,
    retention: {
      executionDays: integerSetting(env, 'EXECUTION_RETENTION_DAYS', 90, 1, 3650),
      logDays: integerSetting(env, 'EXECUTION_LOG_RETENTION_DAYS', 30, 1, 3650),
      archiveDays: integerSetting(env, 'EXECUTION_ARCHIVE_DAYS', 365, 0, 3650),
      intervalMs: integerSetting(env, 'EXECUTION_RETENTION_INTERVAL_MS', 3_600_000, 1_000, 86_400_000),
    },
    watchdog: {
      maxRunMs: integerSetting(env, 'EXECUTION_MAX_RUN_MS', 3_600_000, 1_000, 7 * 86_400_000),
      graceMs: integerSetting(env, 'EXECUTION_WATCHDOG_GRACE_MS', 30_000, 100, 3_600_000),
    },
  };
}

/**
 * The distributed mode's jobs over Kafka: KAFKA_BROKERS and KAFKA_TOPIC_PREFIX (platform
 * configuration), EXECUTION_JOB_PARTITIONS (8: the most workers sharing the jobs) and
 * EXECUTION_RESULT_TIMEOUT_MS (110,000: how long a waiting caller waits for the worker's
 * result before getting 202 with the execution id; below the gateway's forward timeout).
 */
export function loadExecutionJobsConfig(env: NodeJS.ProcessEnv, platform: Pick<PlatformConfig, 'kafkaBrokers' | 'kafkaTopicPrefix'>): ExecutionJobsConfig {
  return {
    brokers: platform.kafkaBrokers,
    topicPrefix: platform.kafkaTopicPrefix,
    partitions: integerSetting(env, 'EXECUTION_JOB_PARTITIONS', 8, 1, 1_000),
    resultTimeoutMs: integerSetting(env, 'EXECUTION_RESULT_TIMEOUT_MS', 110_000, 100, 3_600_000),
  };
}
