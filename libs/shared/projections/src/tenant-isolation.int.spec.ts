// Projectors write tenant tables as their owner, outside row-level security; a
// rebuild's shadow table gets its own policy and grant from the same DDL, and the
// swap keeps them on the table that takes the live name.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore, eventStoreMigrations } from '@weft/eventstore';
import {
  Database,
  EmbeddedPostgres,
  TENANT_POLICY,
  TENANT_READER_ROLE,
  migrateUp,
  tenantIsolationDdl,
  tenantIsolationMigrations,
  withTenant,
} from '@weft/postgres';
import { createTestDatabase, waitUntil } from '@weft/testing';
import { projectionMigrations } from './migrations.js';
import { type ProjectionDefinition } from './projection.js';
import { Projector } from './projector.js';

const migrations = [...eventStoreMigrations, ...projectionMigrations, ...tenantIsolationMigrations];
const orgA = randomUUID();
const orgB = randomUUID();

const notesProjection: ProjectionDefinition = {
  name: 'tenant_notes',
  tables: [
    {
      name: 'tenant_notes',
      create: (t) => [
        `create table ${t} (event_id uuid not null, organization_id uuid not null, constraint ${t}_pkey primary key (event_id))`,
        `create index ${t}_organization_idx on ${t} (organization_id)`,
        ...tenantIsolationDdl(t),
      ],
    },
  ],
  async apply(event, tx) {
    if (event.type !== 'NoteAdded') return;
    const { organizationId } = event.data as { organizationId: string };
    await tx.query(`insert into ${tx.table('tenant_notes')} (event_id, organization_id) values ($1, $2)`, [event.eventId, organizationId]);
  },
};

const note = (organizationId: string) => ({
  eventId: randomUUID(),
  type: 'NoteAdded',
  schemaVersion: 1,
  data: { organizationId },
  metadata: { organizationId },
});

interface Harness {
  readonly db: Database;
  close(): Promise<void>;
}

function describeRebuildWithPolicies(name: string, factory: () => Promise<Harness>): void {
  describe(`a tenant-isolated projection table on ${name}`, () => {
    let h: Harness;
    let store: PostgresEventStore;
    beforeAll(async () => {
      h = await factory();
      await migrateUp(h.db, migrations);
      store = new PostgresEventStore(h.db);
    }, 60_000);
    afterAll(async () => {
      await store.close();
      await h.close();
    });

    const visibleTo = (organizationId: string) =>
      withTenant(h.db, organizationId, async (tx) => (await tx.query('select event_id from tenant_notes')).rowCount);
    const policies = async () => {
      const { rows } = await h.db.query<{ table: string; policy: string; readerMaySelect: boolean; rls: boolean }>(
        `select p.tablename as table, p.policyname as policy, c.relrowsecurity as rls,
                has_table_privilege($1, c.oid, 'select') as "readerMaySelect"
         from pg_policies p join pg_class c on c.relname = p.tablename and c.relnamespace = to_regnamespace(p.schemaname)
         where p.tablename like 'tenant_notes%' order by p.tablename`,
        [TENANT_READER_ROLE],
      );
      return rows;
    };

    it('is written by the projector as its owner and survives rebuilds with its policy and grant', async () => {
      const projector = new Projector(h.db, notesProjection);
      await projector.ensureTables();
      await store.append('notes-1', [note(orgA), note(orgA), note(orgB)], 'no_stream');
      // Readers see events once every older transaction in the cluster has ended (other suites run alongside).
      await waitUntil(async () => (await store.readAll()).length === 3, {
        timeoutMs: 30_000,
        intervalMs: 20,
        description: 'the three events visible to readers',
      });
      for (const event of await store.readAll()) await projector.applyDelivered(event);
      expect((await h.db.query('select * from tenant_notes')).rowCount).toBe(3); // the owner sees everything
      expect([await visibleTo(orgA), await visibleTo(orgB)]).toEqual([2, 1]);

      await store.append('notes-1', [note(orgB)], 2);
      // Readers see an event once every older transaction in the cluster has ended (other suites run alongside).
      await waitUntil(async () => (await store.readAll()).length === 4, {
        timeoutMs: 30_000,
        intervalMs: 20,
        description: 'the fourth event visible to readers',
      });
      for (let rebuild = 1; rebuild <= 2; rebuild++) {
        const report = await projector.rebuild(store);
        expect(report.events).toBe(4);
        expect(await policies()).toEqual([{ table: 'tenant_notes', policy: TENANT_POLICY, rls: true, readerMaySelect: true }]);
        expect((await h.db.query(`select to_regclass('tenant_notes__rebuild') as shadow`)).rows).toEqual([{ shadow: null }]);
        expect([await visibleTo(orgA), await visibleTo(orgB)]).toEqual([2, 2]);
        expect((await h.db.query('select * from tenant_notes')).rowCount).toBe(4);
      }
    }, 60_000);
  });
}

describeRebuildWithPolicies('the PostgreSQL server', async () => {
  const database = await createTestDatabase();
  return { db: database.db, close: () => database.drop() };
});

describeRebuildWithPolicies('the embedded PGlite on one connection', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-rls-projections-'));
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
