import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { InMemoryDataKeyStore } from './data-key-store.js';
import { CredentialCipher, type EncryptedCredential } from './envelope-cipher.js';
import { ConfiguredKeyProvider } from './key-provider.js';
import { generateMasterKeyEntry, parseMasterKeys } from './master-keys.js';
import { rewrapDataKeys } from './rotation.js';

const MARKER = 'rotation-plaintext-secret';
const providerOf = (raw: string) => new ConfiguredKeyProvider(parseMasterKeys(raw));
const cipherOf = (store: InMemoryDataKeyStore, raw: string) => new CredentialCipher({ store, provider: providerOf(raw) });

describe('master key rotation', () => {
  const oldKey = generateMasterKeyEntry('mk-old');
  const newKey = generateMasterKeyEntry('mk-new');
  let store: InMemoryDataKeyStore;
  let blobs: { org: string; id: string; blob: EncryptedCredential; data: Record<string, unknown> }[];

  beforeEach(async () => {
    store = new InMemoryDataKeyStore();
    const before = cipherOf(store, oldKey);
    blobs = [];
    for (let i = 0; i < 7; i++) {
      const org = randomUUID();
      for (const id of ['a', 'b']) {
        const data = { token: `${MARKER}-${i}-${id}` };
        blobs.push({ org, id, data, blob: await before.encrypt(org, id, data) });
        // Every other organization gets a second data key version, so 'a' and 'b' differ.
        if (i % 2 === 0 && id === 'a') await before.rotateDataKey(org);
      }
    }
  });

  async function decryptsAll(raw: string): Promise<void> {
    const cipher = cipherOf(store, raw);
    for (const { org, id, blob, data } of blobs) expect(await cipher.decrypt(org, id, blob)).toEqual(data);
  }

  it('with the new key current and the old still configured, old ciphertexts decrypt and new data keys use the new key', async () => {
    await decryptsAll(`${newKey},${oldKey}`);
    const org = randomUUID();
    await cipherOf(store, `${newKey},${oldKey}`).encrypt(org, 'x', { a: 1 });
    expect((await store.current(org))?.masterKeyId).toBe('mk-new');
  });

  it('after rewrap the old master key can be removed and everything still decrypts', async () => {
    const before = await Promise.all(blobs.map(({ org }) => store.current(org)));
    const report = await rewrapDataKeys(store, providerOf(`${newKey},${oldKey}`), { batchSize: 3 });
    expect(report).toEqual({ masterKeyId: 'mk-new', rewrapped: 11, skipped: 0 });
    expect(await store.listWrappedByOther('mk-new', { limit: 100 })).toEqual([]);
    const after = await Promise.all(blobs.map(({ org }) => store.current(org)));
    after.forEach((record, i) => expect(record?.wrappedKey).not.toBe(before[i]?.wrappedKey));
    await decryptsAll(newKey);
    await expect(cipherOf(store, oldKey).decrypt(blobs[0]!.org, 'a', blobs[0]!.blob)).rejects.toThrow(/"mk-new": that master key is not configured/);
  });

  it('is idempotent: a second run has nothing to do', async () => {
    const provider = providerOf(`${newKey},${oldKey}`);
    await rewrapDataKeys(store, provider);
    expect(await rewrapDataKeys(store, provider)).toEqual({ masterKeyId: 'mk-new', rewrapped: 0, skipped: 0 });
  });

  it('counts a key another run rewrapped first as skipped', async () => {
    const provider = providerOf(`${newKey},${oldKey}`);
    const racing = Object.create(store) as InMemoryDataKeyStore;
    let raced = false;
    racing.rewrap = async (org, version, wrapped, masterKeyId, expected) => {
      if (!raced) {
        raced = true;
        await store.rewrap(org, version, wrapped, masterKeyId, expected);
      }
      return store.rewrap(org, version, wrapped, masterKeyId, expected);
    };
    expect(await rewrapDataKeys(racing, provider)).toEqual({ masterKeyId: 'mk-new', rewrapped: 10, skipped: 1 });
    await decryptsAll(newKey);
  });

  it("stops, naming ids only, when a data key's master key is not configured", async () => {
    const error: unknown = await rewrapDataKeys(store, providerOf(newKey)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const shown = `${(error as Error).message} ${inspect(error)}`;
    expect(shown).toMatch(/master key "mk-old": that master key is not configured/);
    for (const forbidden of [MARKER, oldKey.split(':')[1]!, newKey.split(':')[1]!]) expect(shown).not.toContain(forbidden);
  });

  it('returns only ids and counts', async () => {
    const report = await rewrapDataKeys(store, providerOf(`${newKey},${oldKey}`));
    expect(Object.keys(report).sort()).toEqual(['masterKeyId', 'rewrapped', 'skipped']);
    expect(JSON.stringify(report)).not.toContain(MARKER);
  });
});
