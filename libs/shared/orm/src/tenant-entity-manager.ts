import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, Kysely } from 'kysely';
import type pg from 'pg';
import { type TenantReadSource, withTenant } from '@weft/postgres';
import { ORGANIZATION_FILTER } from './tenant-entity.js';

/** An EntityManager inside one organization's tenant transaction: made only by `withTenantEm`. */
export type TenantEntityManager = EntityManager & { readonly organizationId: string; readonly [tenantBrand]: true };
declare const tenantBrand: unique symbol;

/**
 * Runs `work` with an EntityManager bound to `withTenant`'s transaction: the same
 * connection, the reader role and the organization's setting (row-level security), and
 * the entities' organization filter set to it. The ORM never sends begin or commit here;
 * Weft's transaction does (3 round trips, as a SQL tenant read).
 */
export function withTenantEm<T>(db: TenantReadSource, orm: MikroORM, organizationId: string, work: (em: TenantEntityManager) => Promise<T>): Promise<T> {
  return withTenant(db, organizationId, (_tx, client) => {
    const em = forkOn(orm, client);
    em.setFilterParams(ORGANIZATION_FILTER, { id: organizationId });
    return work(Object.assign(em, { organizationId }) as TenantEntityManager);
  });
}

/** A fresh EntityManager (empty identity map) whose every query runs on `client`, so in the transaction open on it. */
function forkOn(orm: MikroORM, client: pg.PoolClient): EntityManager {
  const em = orm.em.fork({ clear: true });
  em.setTransactionContext(new Kysely<unknown>({ dialect: new PostgresDialect({ pool: singleClient(client) }) }) as never);
  return em;
}

/** A Kysely "pool" of the one client the transaction holds; releasing it is the transaction's. */
function singleClient(client: pg.PoolClient): PostgresPool {
  const borrowed = { query: client.query.bind(client), release: () => undefined };
  return { connect: async () => borrowed as unknown as PostgresPoolClient, end: async () => undefined, options: {} };
}
