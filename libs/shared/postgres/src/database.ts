import { createHash } from 'node:crypto';
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
  /**
   * Parameterized statements become named prepared statements (default: on for a
   * server, off for the embedded single-connection database).
   */
  readonly prepareStatements?: boolean;
  /** How long opening a connection may take before it fails (default: no limit). A read replica sets it, so a host that is gone fails a read fast instead of holding it. */
  readonly connectTimeoutMs?: number;
}

/**
 * Names for parameterized statements, derived from their text: a statement named so is
 * parsed and planned once per connection instead of on every call (a fifth of the
 * database's CPU on the execution hot path). Weft's statement texts are constants or
 * come from small sets (table names of a rebuild), so the set stays small; past
 * `MAX_NAMED` distinct texts further ones run unnamed, so nothing can grow without bound
 * in each server connection.
 */
class StatementNames {
  private static readonly MAX_NAMED = 2_000;
  private readonly names = new Map<string, string>();
  private retired = 0;

  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= StatementNames.MAX_NAMED) return known;
    const name = `weft_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }

  /**
   * A table the statement reads changed its columns (a rebuild swapped in a new shape):
   * PostgreSQL refuses the prepared statement from then on, so the text gets a new name.
   */
  retire(text: string): void {
    const name = this.names.get(text);
    if (name !== undefined) this.names.set(text, `${name.replace(/_r\d+$/, '')}_r${++this.retired}`);
  }
}

/** PostgreSQL's refusal of a prepared statement whose result columns changed underneath it. */
const isStalePlan = (error: unknown) =>
  (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message));

/**
 * A PostgreSQL connection pool with transactions. Everything in Weft talks to the
 * database through this one type, so the embedded single-connection database and a
 * real server are used the same way.
 */
export class Database implements Queryable {
  readonly pool: pg.Pool;
  private readonly statementNames: StatementNames | undefined;

  constructor(readonly options: DatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections,
      application_name: options.applicationName ?? 'weft',
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 0,
    });
    // An idle client that loses its server emits here; without a listener the process dies.
    this.pool.on('error', () => undefined);
    this.statementNames = (options.prepareStatements ?? options.maxConnections > 1) ? new StatementNames() : undefined;
  }

  get singleConnection(): boolean {
    return this.options.maxConnections === 1;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(this.statement(text, values)).catch((error: unknown) => {
      if (!isStalePlan(error)) throw error;
      this.statementNames?.retire(text);
      return this.pool.query<R>(this.statement(text, values));
    });
  }

  private statement(text: string, values: readonly unknown[] | undefined): pg.QueryConfig {
    const name = values !== undefined && values.length > 0 ? this.statementNames?.nameOf(text) : undefined;
    return name === undefined ? { text, values: values as unknown[] } : { name, text, values: values as unknown[] };
  }

  /**
   * Runs `work` in one transaction on one connection; commits when it resolves and
   * rolls back when it throws. `client` is that connection, for a library that must run
   * in the same transaction (MikroORM's bound EntityManager, @weft/orm). Never open a second transaction from inside `work`:
   * on a single-connection database that waits forever.
   */
  async transaction<T>(
    work: (tx: Queryable, client: pg.PoolClient) => Promise<T>,
    isolation: 'read committed' | 'repeatable read' | 'serializable' = 'read committed',
    prelude?: string,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      // `prelude` (trusted SQL, no parameters) rides in the same round trip as `begin`.
      await client.query(prelude === undefined ? `begin isolation level ${isolation}` : `begin isolation level ${isolation}; ${prelude}`);
      const result = await work(
        {
          query: (text, values) =>
            client.query(this.statement(text, values)).catch((error: unknown) => {
              // The transaction is lost; the next one uses a freshly prepared statement.
              if (isStalePlan(error)) this.statementNames?.retire(text);
              throw error;
            }),
        },
        client,
      );
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
