import { type Migration, type Queryable } from '@weft/postgres';
import { type DataKeyCursor, type DataKeyRecord, type DataKeyStore } from './data-key-store.js';

/**
 * The table of wrapped data keys, for the apps' migration lists. Deliberately without
 * the tenant-isolation policy and grant: the tenant reader role must not read it at
 * all, and rotation works across organizations. `wrapped_key` is useless without a
 * master key, which is never in the database.
 */
export const credentialDataKeyMigrations: readonly Migration[] = [
  {
    id: '202612020500_credential_data_keys',
    up: `create table credential_data_keys (
  organization_id uuid not null,
  version integer not null check (version > 0),
  wrapped_key text not null,
  master_key_id text not null,
  created_at timestamptz not null default now(),
  rewrapped_at timestamptz,
  primary key (organization_id, version)
);
create index credential_data_keys_master_key_id on credential_data_keys (master_key_id);`,
    down: 'drop table credential_data_keys',
  },
];

interface Row {
  organization_id: string;
  version: number;
  wrapped_key: string;
  master_key_id: string;
  created_at: Date;
  rewrapped_at: Date | null;
}

const COLUMNS = 'organization_id, version, wrapped_key, master_key_id, created_at, rewrapped_at';
const UNIQUE_VIOLATION = '23505';
const CREATE_ATTEMPTS = 10;

const toRecord = (row: Row): DataKeyRecord => ({
  organizationId: row.organization_id,
  version: row.version,
  wrappedKey: row.wrapped_key,
  masterKeyId: row.master_key_id,
  createdAt: row.created_at,
  rewrappedAt: row.rewrapped_at,
});

/** `DataKeyStore` on PostgreSQL (table `credential_data_keys`). */
export class PostgresDataKeyStore implements DataKeyStore {
  constructor(private readonly db: Queryable) {}

  async current(organizationId: string): Promise<DataKeyRecord | undefined> {
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from credential_data_keys where organization_id = $1 order by version desc limit 1`, [
      organizationId,
    ]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  async byVersion(organizationId: string, version: number): Promise<DataKeyRecord | undefined> {
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from credential_data_keys where organization_id = $1 and version = $2`, [
      organizationId,
      version,
    ]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  async create(organizationId: string, wrappedKey: string, masterKeyId: string): Promise<DataKeyRecord> {
    // Two writers computing the same next version: the loser's insert violates the
    // primary key and simply tries the version after.
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.db.query<Row>(
          `insert into credential_data_keys (organization_id, version, wrapped_key, master_key_id)
           select $1, coalesce(max(version), 0) + 1, $2, $3 from credential_data_keys where organization_id = $1
           returning ${COLUMNS}`,
          [organizationId, wrappedKey, masterKeyId],
        );
        return toRecord(rows[0] as Row);
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  }

  async rewrap(organizationId: string, version: number, wrappedKey: string, masterKeyId: string, expectedMasterKeyId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update credential_data_keys set wrapped_key = $3, master_key_id = $4, rewrapped_at = now()
       where organization_id = $1 and version = $2 and master_key_id = $5`,
      [organizationId, version, wrappedKey, masterKeyId, expectedMasterKeyId],
    );
    return rowCount === 1;
  }

  async listWrappedByOther(masterKeyId: string, options: { readonly after?: DataKeyCursor; readonly limit: number }): Promise<DataKeyRecord[]> {
    const { after, limit } = options;
    const { rows } = await this.db.query<Row>(
      `select ${COLUMNS} from credential_data_keys
       where master_key_id <> $1 and ($2::uuid is null or (organization_id, version) > ($2::uuid, $3::integer))
       order by organization_id, version limit $4`,
      [masterKeyId, after?.organizationId ?? null, after?.version ?? 0, limit],
    );
    return rows.map(toRecord);
  }
}
