import { parseArgs } from 'node:util';
import { loadPlatformConfig } from '@weft/config';
import { openDatabase } from '@weft/nest';
import { type Check, type CheckContext, type CheckResult, runCheck } from './check.js';
import { type CheckReport, EXIT_ERROR, EXIT_OK, exitCodeOf, renderJson, renderText } from './check-report.js';
import { orphanedExecutionsCheck } from './orphaned-executions.js';
import { parseRetentionOptions, runRetention } from './retention-command.js';
import { runSchemaDiff } from './schema-diff-command.js';
import { projectionCountsCheck } from './projection-counts.js';
import { projectionLagCheck } from './projection-lag.js';
import { recentExecutionsCheck } from './recent-executions.js';
import { rowLevelSecurityCheck } from './row-level-security.js';
import { tableSizesCheck } from './table-sizes.js';
import { topWorkflowsCheck } from './top-workflows.js';
import { unknownOrganizationsCheck } from './unknown-organizations.js';

// `npm run weft -- check`: the operator's command (docs/operations.md, "Checking the
// database"). `runWeft` is the whole command with its input and output passed in, so
// tests run it in-process; apps/platform/src/weft.ts only wires it to the process.

/** Findings first (they decide the exit code), then information. */
export const CHECKS: readonly Check[] = [
  orphanedExecutionsCheck,
  unknownOrganizationsCheck,
  projectionLagCheck,
  projectionCountsCheck,
  recentExecutionsCheck,
  rowLevelSecurityCheck,
  tableSizesCheck,
  topWorkflowsCheck,
];

/** No statement of the command may run longer (it sets this on its own connections). */
export const STATEMENT_TIMEOUT_MS = 60_000;

export interface WeftIo {
  /** DATABASE_URL (or WEFT_DATA_DIR for the embedded database) and the platform's other settings. */
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const USAGE = `Usage: npm run weft -- check [--json] [--max-lag-seconds <s>] [--limit <n>]
       npm run weft -- retention [--batch-size <n>]
       npm run weft -- schema-diff

Checks the database the platform uses (DATABASE_URL, or the embedded one in WEFT_DATA_DIR,
which only a stopped platform lets go of), read-only. Findings: orphaned executions,
unknown organizations, projections behind the event store, read models that differ from it,
row-level security. Information: table and index sizes, top workflows of the last 24 h.

  --json                 one JSON document instead of the text report
  --max-lag-seconds <s>  a projection is behind when it has not applied an event older than this (default 60)
  --limit <n>            list at most n items per check (default 20)

Exit code: 0 no problem found, 1 a finding check found a problem, 2 a check could not run or bad usage.

retention: runs one pass of the execution retention job now (the execution service runs it
every EXECUTION_RETENTION_INTERVAL_MS): runs past their retention move to executions_archive
(deleted when EXECUTION_ARCHIVE_DAYS is 0), old logs and payloads are deleted, the archive's
months past EXECUTION_ARCHIVE_DAYS dropped. Prints its report as JSON. Safe to stop at any point.

  --batch-size <n>       rows per statement (default 10000)

Exit code: 0 done, 1 another process holds the retention job, 2 failed or bad usage.

schema-diff: prints what MikroORM's schema generator would change to make the database
match the read models' entities (nothing when they match), read-only. Exit code: 0 they
match, 1 differences printed, 2 failed.
`;

interface Options {
  readonly help: boolean;
  readonly json: boolean;
  readonly maxLagSeconds: number;
  readonly limit: number;
}

type Command =
  | { readonly name: 'help' }
  | { readonly name: 'check'; readonly options: Options }
  | { readonly name: 'retention'; readonly argv: readonly string[] }
  | { readonly name: 'schema-diff' };

function commandOf(argv: readonly string[]): Command {
  if (argv[0] === 'schema-diff') {
    if (argv.length > 1) throw new Error(`schema-diff takes no options, got "${argv.slice(1).join(' ')}"`);
    return { name: 'schema-diff' };
  }
  if (argv[0] === 'retention') {
    parseRetentionOptions(argv.slice(1));
    return { name: 'retention', argv: argv.slice(1) };
  }
  const options = parseOptions(argv);
  return options.help ? { name: 'help' } : { name: 'check', options };
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000) throw new Error(`--${name} must be an integer from 0 to 1000000, got "${raw}"`);
  return value;
}

export function parseOptions(argv: readonly string[]): Options {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      'max-lag-seconds': { type: 'string' },
      limit: { type: 'string' },
    },
  });
  const help = values.help === true || positionals[0] === 'help';
  if (!help && (positionals.length !== 1 || positionals[0] !== 'check'))
    throw new Error(`Unknown command "${positionals.join(' ')}": the commands are "check", "retention" and "schema-diff"`);
  return {
    help,
    json: values.json === true,
    maxLagSeconds: positiveInteger('max-lag-seconds', values['max-lag-seconds'], 60),
    limit: Math.max(positiveInteger('limit', values.limit, 20), 1),
  };
}

/** DATABASE_URL with the command's own session settings: read-only transactions and a statement timeout. */
export function readOnlyUrl(url: string): string {
  const parsed = new URL(url);
  const settings = `-c default_transaction_read_only=on -c statement_timeout=${STATEMENT_TIMEOUT_MS}`;
  const existing = parsed.searchParams.get('options');
  parsed.searchParams.set('options', existing ? `${existing} ${settings}` : settings);
  return parsed.toString();
}

async function check(io: WeftIo, options: Options): Promise<CheckReport> {
  const config = loadPlatformConfig(io.env);
  const opened = await openDatabase({ ...config, databaseUrl: config.databaseUrl && readOnlyUrl(config.databaseUrl), databasePoolSize: 2 }, 'check');
  try {
    const { rows } = await opened.database.query<{ migrated: boolean }>("select to_regclass('events') is not null as migrated");
    if (!rows[0]?.migrated) throw new Error(`${opened.description} has no Weft schema (no events table): the platform migrates it when it starts`);
    const context: CheckContext = { db: opened.database, maxLagSeconds: options.maxLagSeconds, limit: options.limit };
    const checks: CheckResult[] = [];
    for (const each of CHECKS) checks.push(await runCheck(each, context));
    return { database: opened.description, checkedAt: new Date().toISOString(), checks };
  } finally {
    await opened.close();
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `weft <argv>`; resolves with the exit code. */
export async function runWeft(argv: readonly string[], io: WeftIo): Promise<number> {
  let command: Command;
  try {
    command = commandOf(argv);
  } catch (error) {
    io.stderr(`${messageOf(error)}\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  if (command.name === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command.name === 'retention')
    return runRetention(io.env, parseRetentionOptions(command.argv), io.stdout).catch((error: unknown) => {
      io.stderr(`weft retention failed: ${messageOf(error)}\n`);
      return EXIT_ERROR;
    });
  if (command.name === 'schema-diff')
    return runSchemaDiff(io.env, readOnlyUrl, io.stdout).catch((error: unknown) => {
      io.stderr(`weft schema-diff failed: ${messageOf(error)}\n`);
      return EXIT_ERROR;
    });
  const options = command.options;
  try {
    const report = await check(io, options);
    io.stdout(options.json ? renderJson(report) : renderText(report));
    return exitCodeOf(report);
  } catch (error) {
    io.stderr(`weft check failed: ${messageOf(error)}\n`);
    return EXIT_ERROR;
  }
}
