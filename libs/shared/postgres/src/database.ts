import pg from 'pg';

/** Anything that can run a query: a pool or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>>;
}

export interface DatabaseOptions {
  /** postgres:// URL. */
  readonly url: string;
  /** Pool size. The embedded database serves one connection, so it is opened with 1. */
  readonly maxConnections: number;
  /** Shown in pg_stat_activity. */
  readonly applicationName?: string;
}

/**
 * A PostgreSQL connection pool with transactions. Everything in Weft talks to the
 * database through this one type, so the embedded single-connection database and a
 * real server are used the same way.
 */
export class Database implements Queryable {
  readonly pool: pg.Pool;

  constructor(readonly options: DatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections,
      application_name: options.applicationName ?? 'weft',
      idleTimeoutMillis: 30_000,
    });
    // An idle client that loses its server emits here; without a listener the process dies.
    this.pool.on('error', () => undefined);
  }

  get singleConnection(): boolean {
    return this.options.maxConnections === 1;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values as unknown[]);
  }

  /**
   * Runs `work` in one transaction on one connection; commits when it resolves and
   * rolls back when it throws. Never open a second transaction from inside `work`:
   * on a single-connection database that waits forever.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>, isolation: 'read committed' | 'repeatable read' | 'serializable' = 'read committed', prelude?: string): Promise<T> {
    const client = await this.pool.connect();
    try {
      // `prelude` (trusted SQL, no parameters) rides in the same round trip as `begin`.
      await client.query(prelude === undefined ? `begin isolation level ${isolation}` : `begin isolation level ${isolation}; ${prelude}`);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
