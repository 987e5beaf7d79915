import { type KeyObject, createHash, createHmac } from 'node:crypto';
import { type Queryable } from '@weft/postgres';
import { type ThrottleLimit, type ThrottleStore } from './throttle-store.js';

export interface PostgresThrottleStoreOptions {
  /** Every how many writes (per process) a write also prunes its scope; default 100, 1 prunes on every write. */
  readonly pruneEveryWrites?: number;
  /**
   * Keys are stored as HMAC-SHA256 under this secret (kept outside the database): a copy
   * of the table then does not tell which known emails or addresses were throttled.
   * Without it, a plain sha256.
   */
  readonly keySecret?: KeyObject;
}

/**
 * Hits in the `auth_throttle_hits` table (throttleStoreMigrations), so every replica
 * on one database counts the same failures. Keys are stored as their HMAC under a
 * secret from the configuration (or their sha256), never in clear. Old rows are pruned on writes: the first write of the process and then
 * every `pruneEveryWrites`-th one also deletes the hits of its scope older than the
 * scope's window (hits that can no longer count). Every statement stands alone — no
 * transaction — so it works on the embedded single-connection database too.
 */
export class PostgresThrottleStore implements ThrottleStore {
  private readonly pruneEvery: number;
  private writes = 0;
  private readonly hashKey: (key: string) => string;

  constructor(
    private readonly db: Queryable,
    options: PostgresThrottleStoreOptions = {},
  ) {
    this.pruneEvery = Math.max(1, options.pruneEveryWrites ?? 100);
    const secret = options.keySecret;
    this.hashKey = secret ? (key) => createHmac('sha256', secret).update(key).digest('hex') : (key) => createHash('sha256').update(key).digest('hex');
  }

  async record(scope: string, key: string, at: number, limit: ThrottleLimit): Promise<void> {
    await this.db.query('insert into auth_throttle_hits (scope, key_hash, at) values ($1, $2, $3)', [scope, this.hashKey(key), new Date(at)]);
    if (this.writes++ % this.pruneEvery === 0) await this.prune(scope, at - limit.windowSeconds * 1000);
  }

  async recent(scope: string, key: string, since: number, max: number): Promise<number[]> {
    const { rows } = await this.db.query<{ at: Date }>(
      `select at from (
         select at from auth_throttle_hits where scope = $1 and key_hash = $2 and at > $3 order by at desc limit $4
       ) latest order by at`,
      [scope, this.hashKey(key), new Date(since), max],
    );
    return rows.map((row) => row.at.getTime());
  }

  async clear(scope: string, key: string): Promise<void> {
    await this.db.query('delete from auth_throttle_hits where scope = $1 and key_hash = $2', [scope, this.hashKey(key)]);
  }

  /** Deletes the hits of `scope` at or before `cutoff`: outside the window, they count no more. */
  private async prune(scope: string, cutoff: number): Promise<void> {
    await this.db.query('delete from auth_throttle_hits where scope = $1 and at <= $2', [scope, new Date(cutoff)]);
  }
}
