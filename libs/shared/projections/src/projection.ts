import { type RecordedEvent } from '@weft/kernel';
import type pg from 'pg';
import { type Queryable } from '@weft/postgres';

/** One read-model table of a projection. */
export interface ProjectionTable {
  /** The live (logical) name, a plain lower-case SQL identifier. */
  readonly name: string;
  /**
   * The DDL that creates the table and its indexes under `tableName`. It is called
   * with the live name and with the shadow name (`<name>__rebuild`), so derive every
   * index and constraint name from `tableName` too: the swap renames them.
   */
  readonly create: (tableName: string) => readonly string[];
  /**
   * Optional: idempotent DDL that brings a table created by an older `create` up to
   * the current one (`alter table ... add column if not exists ...`), run on every
   * start for a table that already exists. `create` must produce the same shape by
   * itself. Only additive changes belong here; anything else is deployed by a rebuild.
   */
  readonly upgrade?: (tableName: string) => readonly string[];
}

/** What `apply` gets: SQL in the projection's transaction, and the physical table names. */
export interface ProjectionTransaction extends Queryable {
  /** The physical name of a declared table: the live one, or its shadow during a rebuild. */
  table(name: string): string;
}

/** A read model derived from the event log. */
export interface ProjectionDefinition {
  /** Unique; names its checkpoint row. A plain lower-case identifier. */
  readonly name: string;
  readonly tables: readonly ProjectionTable[];
  /**
   * Applies one event. Events it does not handle are simply ignored. It runs inside
   * the runtime's transaction: do not commit, and do not open other transactions.
   */
  apply(event: RecordedEvent, tx: ProjectionTransaction): Promise<void>;
  /**
   * Optional: applies a batch of events (already deduplicated, in log order) at once.
   * One statement per event is one round trip per event, which caps a rebuild at a
   * few thousand events/s; a batch handler can write with `unnest` in one statement.
   * When given, the runtime calls it instead of `apply` for every batch.
   */
  applyBatch?(events: readonly RecordedEvent[], tx: ProjectionTransaction): Promise<void>;
  /**
   * Optional: whether an event of its contexts is of interest at all (e.g. by type).
   * Events it refuses are skipped without a transaction when following the store.
   */
  accepts?(event: RecordedEvent): boolean;
  /**
   * Optional: whether the stream's applied version is stored (default: every stream).
   * Read-your-writes by stream version needs it; following the store, the checkpoint
   * alone already applies each event once. Executions are millions of short streams
   * nobody waits on by version: storing theirs would add a row per run per projection.
   */
  tracksStream?(streamId: string): boolean;
  /**
   * Optional, following the store: how long to let live events gather before a batch is
   * applied (default: at once). A read model nobody waits on (a meter read once a
   * second) trades that much lag for a commit per many runs instead of one per run.
   */
  readonly lingerMs?: number;
}

/** The suffix of the shadow tables and of the checkpoint row a rebuild writes. */
export const REBUILD_SUFFIX = '__rebuild';
/** The suffix the live tables get for the instant between the renames and the drop. */
export const OLD_SUFFIX = '__old';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** PostgreSQL truncates identifiers at 63 bytes; the longest derived name adds the rebuild suffix. */
const MAX_NAME = 63 - REBUILD_SUFFIX.length;

function assertIdentifier(what: string, name: string): void {
  if (!IDENTIFIER.test(name) || name.length > MAX_NAME || name.includes('__')) {
    throw new Error(`${what} "${name}" must be a lower-case SQL identifier of at most ${MAX_NAME} characters without "__"`);
  }
}

/**
 * Checks a definition once, before any SQL is built from it: table names end up in
 * statements as identifiers, so they must be plain identifiers and nothing else.
 */
export function validateProjection(definition: ProjectionDefinition): void {
  assertIdentifier('Projection name', definition.name);
  const seen = new Set<string>();
  for (const table of definition.tables) {
    assertIdentifier(`Table name of projection ${definition.name}`, table.name);
    if (seen.has(table.name)) throw new Error(`Projection ${definition.name} declares table ${table.name} twice`);
    seen.add(table.name);
  }
}

/** Maps logical table names to physical ones, for the live tables or the shadow copies. */
export type TableNames = ReadonlyMap<string, string>;

export function liveTables(definition: ProjectionDefinition): TableNames {
  return new Map(definition.tables.map((t) => [t.name, t.name]));
}

export function shadowTables(definition: ProjectionDefinition): TableNames {
  return new Map(definition.tables.map((t) => [t.name, `${t.name}${REBUILD_SUFFIX}`]));
}

/** Wraps a transaction's connection with the table lookup `apply` uses. */
export function projectionTransaction(tx: Queryable, tables: TableNames): ProjectionTransaction {
  return {
    query: <R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) => tx.query<R>(text, values),
    table(name: string): string {
      const physical = tables.get(name);
      if (physical === undefined) throw new Error(`Table ${name} is not declared by this projection`);
      return physical;
    },
  };
}
