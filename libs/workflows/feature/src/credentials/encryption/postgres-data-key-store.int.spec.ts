import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { describeDataKeyStoreContract } from './data-key-store.contract.js';
import { CredentialCipher } from './envelope-cipher.js';
import { ConfiguredKeyProvider } from './key-provider.js';
import { generateMasterKeyEntry, parseMasterKeys } from './master-keys.js';
import { PostgresDataKeyStore, credentialDataKeyMigrations } from './postgres-data-key-store.js';
import { rewrapDataKeys } from './rotation.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrations: credentialDataKeyMigrations });
});
afterAll(async () => {
  await database.drop();
});

describeDataKeyStoreContract('PostgreSQL', () => Promise.resolve(new PostgresDataKeyStore(database.db)));

describe('PostgresDataKeyStore with the cipher', () => {
  // A database of its own: the contract's keys (fake wraps) would stop a rotation.
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase({ migrations: credentialDataKeyMigrations });
  });
  afterAll(async () => {
    await own.drop();
  });

  it('stores only wrapped keys, and survives a master-key rotation end to end', async () => {
    const store = new PostgresDataKeyStore(own.db);
    const old = generateMasterKeyEntry('mk-old');
    const next = generateMasterKeyEntry('mk-new');
    const organizationId = '5b0c4a9e-8f8e-4b7a-9d43-0d6f1d2f7a11';
    const secret = { token: 'pg-bearer-secret-0123456789' };
    const before = new CredentialCipher({ store, provider: new ConfiguredKeyProvider(parseMasterKeys(old)) });
    const blob = await before.encrypt(organizationId, 'cred-1', secret);

    const { rows } = await own.db.query<Record<string, unknown>>('select * from credential_data_keys where organization_id = $1', [organizationId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret.token);
    expect(rows[0]).toMatchObject({ version: 1, master_key_id: 'mk-old' });

    const rotating = new ConfiguredKeyProvider(parseMasterKeys(`${next},${old}`));
    expect(await rewrapDataKeys(store, rotating)).toEqual({ masterKeyId: 'mk-new', rewrapped: 1, skipped: 0 });
    const [rewrapped] = (
      await own.db.query<{ master_key_id: string; rewrapped_at: Date | null }>('select master_key_id, rewrapped_at from credential_data_keys')
    ).rows;
    expect(rewrapped?.master_key_id).toBe('mk-new');
    expect(rewrapped?.rewrapped_at).toBeInstanceOf(Date);
    expect(await rewrapDataKeys(store, rotating)).toMatchObject({ rewrapped: 0 });

    const after = new CredentialCipher({ store, provider: new ConfiguredKeyProvider(parseMasterKeys(next)) });
    expect(await after.decrypt(organizationId, 'cred-1', blob)).toEqual(secret);
  });
});
