import { parseArgs } from 'node:util';
import { loadPlatformConfig } from '@weft/config';
import { applyExecutionRetention, loadExecutionConfig } from '@weft/execution-feature';
import { openDatabase } from '@weft/nest';
import { organizationRetentionOverrides } from '@weft/read-model-tenancy';

// `npm run weft -- retention`: one pass of the execution retention job now, with the
// platform's settings (EXECUTION_RETENTION_DAYS, EXECUTION_LOG_RETENTION_DAYS,
// EXECUTION_ARCHIVE_DAYS) and each organization's own retention; the same pass the
// execution service runs every EXECUTION_RETENTION_INTERVAL_MS, under the same lock.

export interface RetentionOptions {
  readonly batchSize: number | undefined;
}

export function parseRetentionOptions(argv: readonly string[]): RetentionOptions {
  const { values } = parseArgs({ args: [...argv], options: { 'batch-size': { type: 'string' } } });
  const raw = values['batch-size'];
  if (raw === undefined) return { batchSize: undefined };
  const batchSize = Number(raw);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000)
    throw new Error(`--batch-size must be an integer from 1 to 1000000, got "${raw}"`);
  return { batchSize };
}

/** Runs one pass; its report as JSON on stdout. Exit 0 done, 1 another replica holds the job (nothing done), 2 failed. */
export async function runRetention(env: NodeJS.ProcessEnv, options: RetentionOptions, stdout: (text: string) => void): Promise<number> {
  const retention = loadExecutionConfig(env).retention;
  const opened = await openDatabase({ ...loadPlatformConfig(env), databasePoolSize: 2 }, 'retention');
  try {
    const overrides = await organizationRetentionOverrides(opened.database);
    const report = await applyExecutionRetention(opened.database, retention, overrides, {
      archiveDays: retention.archiveDays,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
    stdout(`${JSON.stringify(report ?? { skipped: 'another process holds the retention job' }, null, 2)}\n`);
    return report === null ? 1 : 0;
  } finally {
    await opened.close();
  }
}
