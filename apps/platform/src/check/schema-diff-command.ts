import { loadPlatformConfig } from '@weft/config';
import { loadCatalogEntities } from '@weft/execution-feature';
import { openDatabase } from '@weft/nest';
import { schemaDrift } from '@weft/orm';
import { loadBillingEntities } from '@weft/read-model-billing';
import { loadExecutionsEntities } from '@weft/read-model-executions';
import { loadTenancyEntities } from '@weft/read-model-tenancy';
import { loadUsersEntities } from '@weft/read-model-users';
import { loadWorkflowsEntities } from '@weft/read-model-workflows';

// `npm run weft -- schema-diff`: what MikroORM's schema generator would change to make the
// database match every read-model entity (docs/read-models-orm.md). The DDL that runs is
// the projections' and the migrations' (Weft's runner: locks, partitions, in-place
// upgrades); this is where a schema change is generated from the entities and reviewed,
// and where a hand-made change in production shows up. Read-only.

/** The read models' entities, every context's; MikroORM loads with them. */
export async function readModelEntities() {
  const sets = await Promise.all([
    loadUsersEntities(),
    loadTenancyEntities(),
    loadWorkflowsEntities(),
    loadExecutionsEntities(),
    loadCatalogEntities(),
    loadBillingEntities(),
  ]);
  return sets.flat();
}

/** Prints the statements (none when the database matches); exit 0 nothing to change, 1 differences. */
export async function runSchemaDiff(env: NodeJS.ProcessEnv, readOnly: (url: string) => string, stdout: (text: string) => void): Promise<number> {
  const config = loadPlatformConfig(env);
  const opened = await openDatabase({ ...config, databaseUrl: config.databaseUrl && readOnly(config.databaseUrl), databasePoolSize: 2 }, 'schema-diff');
  try {
    const entities = await readModelEntities();
    const diff = await schemaDrift(
      opened.database,
      entities,
      entities.map((entity) => entity.meta.tableName),
    );
    stdout(diff === '' ? `${opened.description}: the read-model tables match their entities\n` : `${diff}\n`);
    return diff === '' ? 0 : 1;
  } finally {
    await opened.close();
  }
}
