import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, testEnvironment } from '@weft/testing';
import {
  Database,
  EmbeddedPostgres,
  TENANT_POLICY,
  TENANT_READER_ROLE,
  migrateUp,
  tenantIsolationDdl,
  tenantIsolationMigrations,
  withTenant,
} from './index.js';
import { tenantReaderRoleSql } from './tenant-isolation.js';

const orgA = randomUUID();
const orgB = randomUUID();

interface Harness {
  readonly db: Database;
  close(): Promise<void>;
}

/** A tenant table as a read model declares it, with rows of two organizations, and one without the DDL. */
async function seed(db: Database): Promise<void> {
  await migrateUp(db, tenantIsolationMigrations);
  await db.transaction(async (tx) => {
    for (const statement of [`create table notes (id int primary key, organization_id uuid not null, body text not null)`, ...tenantIsolationDdl('notes')]) {
      await tx.query(statement);
    }
    await tx.query(`insert into notes values (1, $1, 'a1'), (2, $1, 'a2'), (3, $2, 'b1')`, [orgA, orgB]);
    await tx.query(`create table forgotten (id int primary key, organization_id uuid not null)`);
    await tx.query(`insert into forgotten values (1, $1)`, [orgA]);
  });
}

const ids = (rows: readonly { id: number }[]) => rows.map((r) => r.id).sort();

function describeTenantIsolation(name: string, factory: () => Promise<Harness>): void {
  describe(`tenant isolation on ${name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await factory();
      await seed(h.db);
    }, 60_000);
    afterAll(() => h.close());

    it('RLS blocks a query that forgets its filter', async () => {
      const rows = await withTenant(h.db, orgA, async (tx) => (await tx.query<{ id: number }>('select id from notes')).rows);
      expect(ids(rows)).toEqual([1, 2]);
      const other = await withTenant(h.db, orgB.toUpperCase(), async (tx) => (await tx.query<{ id: number }>('select id from notes')).rows);
      expect(ids(other)).toEqual([3]);
    });

    it('runs as the reader role, read-only, with the organization set, and hands the organization to the work', async () => {
      const seen = await withTenant(h.db, orgA, async (tx) => {
        const { rows } = await tx.query<{ role: string; readOnly: string; org: string }>(
          `select current_user as role, current_setting('transaction_read_only') as "readOnly", current_setting('weft.organization_id') as org`,
        );
        return { ...rows[0], given: tx.organizationId };
      });
      expect(seen).toEqual({ role: TENANT_READER_ROLE, readOnly: 'on', org: orgA, given: orgA });
      // `set local`: nothing leaks to the next user of the connection.
      const after = await h.db.query<{ role: string }>('select current_user as role');
      expect(after.rows[0]?.role).not.toBe(TENANT_READER_ROLE);
    });

    it('matches no rows when no organization is set, never set or left empty by an earlier transaction', async () => {
      const asReader = () =>
        h.db.transaction(async (tx) => {
          await tx.query(`set local role ${TENANT_READER_ROLE}`);
          return (await tx.query<{ id: number }>('select id from notes')).rows;
        });
      expect(await asReader()).toEqual([]);
      // An earlier `set_config(..., true)` leaves the setting '' (not NULL) on that connection.
      const single = h.db.singleConnection ? h.db : new Database({ ...h.db.options, maxConnections: 1 });
      try {
        await withTenant(single, orgA, (tx) => tx.query('select 1'));
        const rows = await single.transaction(async (tx) => {
          await tx.query(`set local role ${TENANT_READER_ROLE}`);
          expect((await tx.query<{ v: string }>(`select current_setting('weft.organization_id', true) as v`)).rows[0]?.v).toBe('');
          return (await tx.query<{ id: number }>('select id from notes')).rows;
        });
        expect(rows).toEqual([]);
      } finally {
        if (single !== h.db) await single.close();
      }
    });

    it('refuses writes inside, even to its own organization', async () => {
      for (const sql of [`insert into notes values (9, '${orgA}', 'x')`, `update notes set body = 'x'`, 'delete from notes']) {
        await expect(withTenant(h.db, orgA, (tx) => tx.query(sql))).rejects.toMatchObject({ code: '25006' }); // read_only_sql_transaction
      }
      const { rows } = await h.db.query<{ body: string }>('select body from notes order by id');
      expect(rows.map((r) => r.body)).toEqual(['a1', 'a2', 'b1']);
    });

    it('cannot read a table without the DDL at all, so a forgotten DDL fails loudly', async () => {
      await expect(withTenant(h.db, orgA, (tx) => tx.query('select * from forgotten'))).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
    });

    it('leaves the owner (the projectors) seeing and writing every row', async () => {
      await h.db.transaction(async (tx) => {
        await tx.query(`update notes set body = body || '' where organization_id = $1`, [orgB]);
        expect(ids((await tx.query<{ id: number }>('select id from notes')).rows)).toEqual([1, 2, 3]);
      });
    });

    it('refuses an organization id that is not a uuid before sending anything', async () => {
      let ran = false;
      for (const bad of ['', 'org-a', `${orgA}'; reset role; --`, orgA.slice(1)]) {
        await expect(
          withTenant(h.db, bad, async () => {
            ran = true;
          }),
        ).rejects.toThrow('Organization id must be a uuid');
      }
      expect(ran).toBe(false);
    });
  });
}

describeTenantIsolation('the PostgreSQL server', async () => {
  const database = await createTestDatabase();
  return { db: database.db, close: () => database.drop() };
});

describeTenantIsolation('the embedded PGlite on one connection', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-rls-'));
  const embedded = await EmbeddedPostgres.start(dataDir);
  const db = new Database({ url: embedded.url, maxConnections: 1 });
  return {
    db,
    async close() {
      await db.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('the reader role migration on the PostgreSQL server', () => {
  const admin = async <T>(work: (client: pg.Client) => Promise<T>, url = testEnvironment().databaseUrl): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  it('creates a role once when many sessions run it at the same time', async () => {
    const role = `weft_test_reader_${randomBytes(4).toString('hex')}`;
    try {
      await Promise.all(Array.from({ length: 8 }, () => admin((c) => c.query(tenantReaderRoleSql(role)))));
      await admin((c) => c.query(tenantReaderRoleSql(role))); // and again, when it exists
      const { rows } = await admin((c) => c.query<{ canLogin: boolean }>('select rolcanlogin as "canLogin" from pg_roles where rolname = $1', [role]));
      expect(rows).toEqual([{ canLogin: false }]);
    } finally {
      await admin((c) => c.query(`drop role if exists ${role}`));
    }
  });

  describe('for an owner that is not a superuser', () => {
    const owner = `weft_test_owner_${randomBytes(4).toString('hex')}`;
    const dbName = `${owner}_db`;
    let db: Database;
    beforeAll(async () => {
      await admin(async (c) => {
        await c.query(tenantReaderRoleSql(TENANT_READER_ROLE)); // the role exists, as in production
        await c.query(`create role ${owner} login nosuperuser nocreaterole`);
        await c.query(`create database ${dbName} owner ${owner}`);
      });
      const url = new URL(testEnvironment().databaseUrl);
      url.username = owner;
      url.pathname = `/${dbName}`;
      db = new Database({ url: url.toString(), maxConnections: 2 });
    });
    afterAll(async () => {
      await db.close();
      await admin(async (c) => {
        await c.query(`drop database if exists ${dbName} with (force)`);
        await c.query(`drop role if exists ${owner}`);
      });
    });

    it('stops the migration with what the DBA must grant, then works once it is granted', async () => {
      await expect(migrateUp(db, tenantIsolationMigrations)).rejects.toThrow(
        `The database user ${owner} cannot be made a member of role ${TENANT_READER_ROLE}`,
      );
      await admin((c) => c.query(`grant ${TENANT_READER_ROLE} to ${owner}`)); // the DBA's step
      expect(await migrateUp(db, tenantIsolationMigrations)).toEqual(['202612020400_tenant_reader_role']);

      await seed(db);
      const rows = await withTenant(db, orgB, async (tx) => (await tx.query<{ id: number }>('select id from notes')).rows);
      expect(ids(rows)).toEqual([3]);
      expect(ids((await db.query<{ id: number }>('select id from notes')).rows)).toEqual([1, 2, 3]); // the owner is not subject to it
      const policies = await db.query('select policyname, roles from pg_policies where tablename = $1', ['notes']);
      expect(policies.rows).toEqual([{ policyname: TENANT_POLICY, roles: `{${TENANT_READER_ROLE}}` }]);
    });
  });
});
