import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { tenancyTables } from './tenancy-tables.js';

// The reference schema's columns added after the first release (organizations'
// subscription plan and end, the `unpaid` status; teams' `is_active`): a table created by
// the first release's DDL is upgraded in place, on every start, to the shape a fresh one has.

let database: TestDatabase;
const table = (name: string) => tenancyTables.find((t) => t.name === name)!;

const FIRST_RELEASE = [
  `create table organizations (
     id uuid not null, name text not null, slug text not null, description text, owner_id uuid not null,
     settings jsonb not null default '{}', subscription_status text not null default 'trial',
     trial_started_at timestamptz, trial_ends_at timestamptz, is_active boolean not null default true,
     created_at timestamptz not null, updated_at timestamptz not null,
     constraint organizations_pkey primary key (id),
     constraint organizations_subscription_status_check check (subscription_status in ('trial', 'active', 'past_due', 'canceled', 'suspended')))`,
  `create table teams (
     id uuid not null, organization_id uuid not null, name text not null, slug text not null, description text,
     color text not null, settings jsonb not null default '{}', created_by uuid not null,
     created_at timestamptz not null, updated_at timestamptz not null, constraint teams_pkey primary key (id))`,
  `insert into organizations (id, name, slug, owner_id, created_at, updated_at) values (gen_random_uuid(), 'Old', 'old', gen_random_uuid(), now(), now())`,
  `insert into teams (id, organization_id, name, slug, color, created_by, created_at, updated_at)
   values (gen_random_uuid(), gen_random_uuid(), 'Old team', 'old-team', '#000000', gen_random_uuid(), now(), now())`,
];

const columnsOf = async (name: string) =>
  (
    await database.db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `select column_name, data_type, is_nullable from information_schema.columns where table_name = $1 order by column_name`,
      [name],
    )
  ).rows;

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const ddl of FIRST_RELEASE) await database.db.query(ddl);
  for (const name of ['organizations', 'teams']) for (const ddl of table(name).create(`${name}_fresh`)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the tenancy tables of the first release', () => {
  it('gain the reference columns in place, idempotently, keeping their rows', async () => {
    for (let start = 0; start < 2; start += 1) {
      for (const name of ['organizations', 'teams']) for (const statement of table(name).upgrade!(name)) await database.db.query(statement);
    }
    expect(await columnsOf('organizations')).toEqual(await columnsOf('organizations_fresh'));
    expect(await columnsOf('teams')).toEqual(await columnsOf('teams_fresh'));
    expect((await database.db.query(`select subscription_plan, subscription_ends_at from organizations`)).rows).toEqual([
      { subscription_plan: null, subscription_ends_at: null },
    ]);
    expect((await database.db.query(`select is_active from teams`)).rows).toEqual([{ is_active: true }]);
  });

  it('accept the reference status `unpaid` and still refuse an unknown one', async () => {
    await database.db.query(`update organizations set subscription_status = 'unpaid', subscription_plan = 'pro'`);
    await expect(database.db.query(`update organizations set subscription_status = 'lapsed'`)).rejects.toThrow(/subscription_status_check/);
  });
});
