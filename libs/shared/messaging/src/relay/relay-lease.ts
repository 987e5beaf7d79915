import { createHash } from 'node:crypto';
import { type Database } from '@weft/postgres';
import type pg from 'pg';

/**
 * One active relay per name: a session-level advisory lock held on a connection of its
 * own. PostgreSQL releases it when that connection ends, so a killed relay's lease frees
 * itself and a standby takes over on its next try.
 */
export class RelayLease {
  private client: pg.PoolClient | undefined;
  private lostListener: (() => void) | undefined;
  /** The embedded database has one connection and one process: there is nobody to contend with. */
  private heldWithoutLock = false;

  constructor(
    private readonly db: Database,
    private readonly name: string,
  ) {}

  /** True when this process now holds the lease. `onLost` fires if its connection dies. */
  async tryAcquire(onLost: () => void): Promise<boolean> {
    if (this.client || this.heldWithoutLock) return true;
    if (this.db.singleConnection) return (this.heldWithoutLock = true);
    const client = await this.db.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [leaseKey(this.name)]);
      if (!rows[0]?.locked) {
        client.release();
        return false;
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.lostListener = () => {
      // The connection is gone, and the lock with it: hand the broken client back to the
      // pool to be discarded, or closing the pool would wait for it forever.
      this.client = undefined;
      client.release(true);
      onLost();
    };
    client.on('error', this.lostListener);
    this.client = client;
    return true;
  }

  get held(): boolean {
    return this.client !== undefined || this.heldWithoutLock;
  }

  async release(): Promise<void> {
    this.heldWithoutLock = false;
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    if (this.lostListener) client.off('error', this.lostListener);
    try {
      await client.query('select pg_advisory_unlock($1)', [leaseKey(this.name)]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}

/** A stable 63-bit key per relay name, so relays of different names never contend. */
export function leaseKey(name: string): string {
  const digest = createHash('sha256').update(`weft.relay:${name}`).digest();
  return (digest.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn).toString();
}
