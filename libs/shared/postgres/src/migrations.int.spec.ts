import { type Migration, appliedMigrations, migrateDown, migrateUp } from './index.js';
import { type TestDatabase, createTestDatabase } from '@weft/testing';

const migrations: Migration[] = [
  { id: '202611290001_widgets', up: 'create table widgets (id bigint primary key, name text not null)', down: 'drop table widgets' },
  { id: '202611290002_widget_color', up: "alter table widgets add column color text not null default 'red'", down: 'alter table widgets drop column color' },
];

describe('migrations on the real PostgreSQL', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('applies pending migrations in id order, once', async () => {
    expect(await migrateUp(database.db, [...migrations].reverse())).toEqual(migrations.map((m) => m.id));
    expect(await migrateUp(database.db, migrations)).toEqual([]);
    await database.db.query("insert into widgets (id, name) values (1, 'a')");
    const { rows } = await database.db.query<{ color: string }>('select color from widgets');
    expect(rows[0]?.color).toBe('red');
    expect((await appliedMigrations(database.db)).map((m) => m.id)).toEqual(migrations.map((m) => m.id));
  });

  it('reverts newest first down to a given migration', async () => {
    await migrateUp(database.db, migrations);
    expect(await migrateDown(database.db, migrations, '202611290001_widgets')).toEqual(['202611290002_widget_color']);
    const columns = await database.db.query("select column_name from information_schema.columns where table_name = 'widgets' order by column_name");
    expect(columns.rows.map((r) => r['column_name'])).toEqual(['id', 'name']);
    expect(await migrateDown(database.db, migrations)).toEqual(['202611290001_widgets']);
    const tables = await database.db.query("select 1 from information_schema.tables where table_name = 'widgets'");
    expect(tables.rowCount).toBe(0);
  });

  it('refuses a migration whose text changed after it was applied', async () => {
    await migrateUp(database.db, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, up: `${m.up} -- edited` } : m));
    await expect(migrateUp(database.db, edited)).rejects.toThrow('was changed after it was applied');
  });

  it('lets concurrent migrators apply each migration exactly once', async () => {
    const results = await Promise.all([migrateUp(database.db, migrations), migrateUp(database.db, migrations), migrateUp(database.db, migrations)]);
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.id));
  });

  it('rolls a failing migration back whole', async () => {
    const broken: Migration[] = [
      ...migrations,
      { id: '202611290003_broken', up: 'create table t3 (id int); select no_such_function()', down: 'drop table t3' },
    ];
    await expect(migrateUp(database.db, broken)).rejects.toThrow('no_such_function');
    expect(await appliedMigrations(database.db)).toEqual([]);
  });
});
