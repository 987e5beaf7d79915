import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { walInsertPosition, walReplayPosition } from '@weft/postgres';
import { freePort } from './platform.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

/** A primary and its streaming replica, two PostgreSQL clusters of the test's own on free ports. */
export interface ReplicatedPostgres {
  /** postgres:// URL of the primary's `database`. */
  readonly primaryUrl: string;
  /** postgres:// URL of the same database on the replica (read-only, hot standby). */
  readonly replicaUrl: string;
  /** Replay stops (`pg_wal_replay_pause()`): the replica still receives WAL but shows nothing new. Lag, made real. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  /** `pg_ctl stop -m fast` on the replica: its connections end, new ones are refused. */
  stopReplica(): Promise<void>;
  /** Starts the stopped replica on its port again; it resumes streaming from its replication slot. */
  startReplica(): Promise<void>;
  /** Stops both clusters and deletes their files. */
  stop(): Promise<void>;
}

export interface ReplicatedPostgresOptions {
  /** The database the URLs name, created on the primary (and so on the replica). Default `weft`. */
  readonly database?: string;
}

/**
 * Makes a primary with `initdb` (wal_level replica, replication allowed by trust on
 * 127.0.0.1, its own port and socket folder) and a streaming replica of it with
 * `pg_basebackup -R` (a replication slot keeps the WAL it has not received, so a
 * stopped replica catches up), both as the `postgres` user when the tests run as root
 * (initdb and pg_ctl refuse root). Nothing of the machine's own PostgreSQL is used or
 * changed. About a second and a half; `stop()` in `afterAll`, and a process that exits
 * without it stops the clusters on its way out. The binaries are found in `PG_BINDIR`,
 * the newest `/usr/lib/postgresql/<version>/bin`, or on the PATH.
 */
export async function startReplicatedPostgres(options: ReplicatedPostgresOptions = {}): Promise<ReplicatedPostgres> {
  const database = options.database ?? 'weft';
  const bin = postgresBinDir();
  const root = (await asPostgres('mktemp', ['-d', path.join(os.tmpdir(), 'weft-replicated-XXXXXX')])).trim();
  const primary = new Cluster(bin, path.join(root, 'primary'), root);
  const replica = new Cluster(bin, path.join(root, 'replica'), root);
  const stop = async () => {
    await Promise.all([replica.stop(), primary.stop()]);
    fs.rmSync(root, { recursive: true, force: true });
    running.delete(stop);
  };
  stopOnExit(stop, [replica, primary]);
  try {
    await asPostgres(path.join(bin, 'initdb'), ['-D', primary.dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    fs.writeFileSync(path.join(primary.dir, 'pg_hba.conf'), PG_HBA);
    fs.appendFileSync(path.join(primary.dir, 'postgresql.conf'), clusterSettings(root));
    await primary.start();
    await sql(primary.url('postgres'), `create database ${database}`);
    await asPostgres(path.join(bin, 'pg_basebackup'), [
      ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replica.dir],
      ...['-R', '-X', 'stream', '-c', 'fast', '--no-sync', '-C', '-S', 'weft_replica'],
    ]);
    await replica.start();
    const replicated: ReplicatedPostgres = {
      primaryUrl: primary.url(database),
      replicaUrl: replica.url(database),
      pauseReplay: async () => void (await sql(replica.url(database), 'select pg_wal_replay_pause()')),
      resumeReplay: async () => void (await sql(replica.url(database), 'select pg_wal_replay_resume()')),
      caughtUp: () => caughtUp(primary.url(database), replica.url(database)),
      stopReplica: () => replica.stop(),
      startReplica: () => replica.start(replica.port),
      stop,
    };
    await replicated.caughtUp();
    return replicated;
  } catch (error) {
    await stop();
    throw error;
  }
}

// The clusters of this process that are still running, to stop if it exits without `stop()`.
const running = new Map<() => Promise<void>, Cluster[]>();
let exitHook = false;

function stopOnExit(stop: () => Promise<void>, clusters: Cluster[]): void {
  if (!exitHook) process.once('exit', () => [...running.values()].flat().forEach((cluster) => cluster.stopNow()));
  exitHook = true;
  running.set(stop, clusters);
}

const PG_HBA = `# weft test clusters: trust on loopback, replication included
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
`;

// Small and fast: durability is not what these clusters test (fsync off), the WAL still streams.
const clusterSettings = (socketDir: string) => `
listen_addresses = '127.0.0.1'
unix_socket_directories = '${socketDir}'
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
fsync = off
shared_buffers = 16MB
max_connections = 60
`;

class Cluster {
  port = 0;
  private started = false;

  constructor(
    private readonly bin: string,
    readonly dir: string,
    private readonly root: string,
  ) {}

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts on `port`, or on a free port (another one if that was taken before the server bound it). */
  async start(port?: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.port = port ?? (await freePort());
      // The last `port` line wins: a replica's copy of the primary's file gets its own below it.
      fs.appendFileSync(path.join(this.dir, 'postgresql.conf'), `port = ${this.port}\n`);
      const log = path.join(this.root, `${path.basename(this.dir)}.log`);
      try {
        await asPostgres(path.join(this.bin, 'pg_ctl'), ['-D', this.dir, '-l', log, '-w', '-t', '60', 'start']);
        this.started = true;
        return;
      } catch (error) {
        const output = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
        if (port !== undefined || attempt >= 3 || !/could not bind|already in use/i.test(output)) throw new Error(`${(error as Error).message}\n${output}`);
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await asPostgres(path.join(this.bin, 'pg_ctl'), ['-D', this.dir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
  }

  stopNow(): void {
    if (!this.started) return;
    try {
      execFileSync(...asPostgresCommand(path.join(this.bin, 'pg_ctl'), ['-D', this.dir, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
}

async function connected<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const sql = (url: string, text: string) => connected(url, async (client) => (await client.query(text)).rows);

async function caughtUp(primaryUrl: string, replicaUrl: string): Promise<void> {
  const written = await connected(primaryUrl, walInsertPosition);
  await waitUntil(async () => ((await connected(replicaUrl, walReplayPosition)) ?? -1n) >= written, {
    timeoutMs: 30_000,
    intervalMs: 10,
    description: `the replica to replay up to WAL position ${written}`,
  });
}

/** initdb and pg_ctl refuse to run as root: as root, commands run as `postgres`. */
function asPostgresCommand(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

async function asPostgres(command: string, args: readonly string[]): Promise<string> {
  const [file, fileArgs] = asPostgresCommand(command, args);
  return (await run(file, fileArgs, { env: { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` } })).stdout;
}

function postgresBinDir(): string {
  const has = (dir: string | undefined) => dir !== undefined && fs.existsSync(path.join(dir, 'pg_basebackup')) && fs.existsSync(path.join(dir, 'initdb'));
  const candidates = [process.env['PG_BINDIR']];
  if (fs.existsSync('/usr/lib/postgresql')) {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  }
  candidates.push(...(process.env['PATH'] ?? '').split(path.delimiter));
  const found = candidates.find(has);
  if (found === undefined) throw new Error('PostgreSQL server binaries (initdb, pg_basebackup) not found: install them, put them on the PATH or set PG_BINDIR');
  return found;
}
