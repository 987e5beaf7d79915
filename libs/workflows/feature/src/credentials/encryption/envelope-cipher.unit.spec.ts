import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { InMemoryDataKeyStore } from './data-key-store.js';
import { CredentialCipher, CredentialDecryptionError, type EncryptedCredential } from './envelope-cipher.js';
import { ConfiguredKeyProvider, type KeyProvider } from './key-provider.js';
import { generateMasterKeyEntry, parseMasterKeys } from './master-keys.js';

const MARKER = 'plaintext-MUST-stay-in-memory';
const DATA = { user: 'alice', password: `${MARKER}-pw`, nested: { note: `${MARKER}-nested` } };
const ORG = randomUUID();
const OTHER_ORG = randomUUID();

const providerOf = (raw: string) => new ConfiguredKeyProvider(parseMasterKeys(raw));

/** Counts the provider's unwraps, to see the cache at work. */
function counting(inner: KeyProvider): KeyProvider & { unwraps: number } {
  const counter = {
    unwraps: 0,
    currentMasterKeyId: () => inner.currentMasterKeyId(),
    wrap: (key: Buffer, context: { organizationId: string }) => inner.wrap(key, context),
    unwrap: (wrapped: string, id: string, context: { organizationId: string }) => {
      counter.unwraps++;
      return inner.unwrap(wrapped, id, context);
    },
  };
  return counter;
}

async function decryptionError(promise: Promise<unknown>): Promise<CredentialDecryptionError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialDecryptionError);
  return error as CredentialDecryptionError;
}

const flipped = (base64: string, index = 0) => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

describe('CredentialCipher', () => {
  const entry = generateMasterKeyEntry('mk-1');
  let store: InMemoryDataKeyStore;
  let cipher: CredentialCipher;
  beforeEach(() => {
    store = new InMemoryDataKeyStore();
    cipher = new CredentialCipher({ store, provider: providerOf(entry) });
  });

  it("round-trips a credential, creating the organization's first data key", async () => {
    const blob = await cipher.encrypt(ORG, 'cred-1', DATA);
    expect(blob.dataKeyVersion).toBe(1);
    expect(blob.keyId).toMatch(/^dk1-[0-9a-f]{16}$/);
    expect(Buffer.from(blob.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(blob.tag, 'base64')).toHaveLength(16);
    expect(await cipher.decrypt(ORG, 'cred-1', blob)).toEqual(DATA);
    expect((await store.current(ORG))?.masterKeyId).toBe('mk-1');
    // A process that starts cold (no cache) decrypts it too.
    expect(await new CredentialCipher({ store, provider: providerOf(entry) }).decrypt(ORG, 'cred-1', blob)).toEqual(DATA);
  });

  it('uses a fresh iv per encryption (same data, different ciphertexts)', async () => {
    const blobs = await Promise.all(Array.from({ length: 20 }, () => cipher.encrypt(ORG, 'cred-1', DATA)));
    expect(new Set(blobs.map((b) => b.iv)).size).toBe(20);
    expect(new Set(blobs.map((b) => b.ciphertext)).size).toBe(20);
  });

  it('keeps the plaintext out of the blob, the stored keys and anything returned', async () => {
    const blob = await cipher.encrypt(ORG, 'cred-1', DATA);
    const stored = await store.current(ORG);
    for (const shown of [
      JSON.stringify(blob),
      inspect(blob),
      JSON.stringify(stored),
      inspect(cipher, { depth: 10, showHidden: true }),
      JSON.stringify(cipher),
    ]) {
      expect(shown).not.toContain(MARKER);
      expect(shown).not.toContain(Buffer.from(MARKER).toString('base64'));
    }
    expect(Buffer.from(blob.ciphertext, 'base64').includes(Buffer.from(MARKER))).toBe(false);
  });

  it('gives each organization its own data key', async () => {
    const mine = await cipher.encrypt(ORG, 'cred-1', DATA);
    const theirs = await cipher.encrypt(OTHER_ORG, 'cred-1', DATA);
    expect(mine.keyId).not.toBe(theirs.keyId);
  });

  it('fails for a blob moved to another credential or organization', async () => {
    const blob = await cipher.encrypt(ORG, 'cred-1', DATA);
    const theirs = await cipher.encrypt(OTHER_ORG, 'cred-9', { other: true });
    expect((await decryptionError(cipher.decrypt(ORG, 'cred-2', blob))).message).toMatch(/authentication failed/);
    // In another organization it meets a different data key (named, not taken for tampering)...
    expect((await decryptionError(cipher.decrypt(OTHER_ORG, 'cred-1', blob))).message).toMatch(/names another data key/);
    // ...and relabelled with that organization's key id, GCM refuses it.
    expect((await decryptionError(cipher.decrypt(OTHER_ORG, 'cred-1', { ...blob, keyId: theirs.keyId }))).message).toMatch(/authentication failed/);
  });

  it('fails on tampered ciphertext, tag, iv, version or key id, with a message free of plaintext and key material', async () => {
    const blob = await cipher.encrypt(ORG, 'cred-1', DATA);
    const tampered: EncryptedCredential[] = [
      { ...blob, ciphertext: flipped(blob.ciphertext, 3) },
      { ...blob, ciphertext: Buffer.from(blob.ciphertext, 'base64').subarray(1).toString('base64') },
      { ...blob, tag: flipped(blob.tag) },
      { ...blob, iv: flipped(blob.iv) },
      { ...blob, iv: 'AAAA' },
      { ...blob, tag: '' },
      { ...blob, dataKeyVersion: 2 },
      { ...blob, dataKeyVersion: 0 },
      { ...blob, keyId: 'dk1-0000000000000000' },
    ];
    const masterKey = entry.split(':')[1]!;
    const stored = (await store.current(ORG))!.wrappedKey;
    for (const bad of tampered) {
      const error = await decryptionError(cipher.decrypt(ORG, 'cred-1', bad));
      expect(error.code).toBe('CREDENTIAL_DECRYPTION_FAILED');
      expect(error.message).toMatch(`Credential cred-1 of organization ${ORG} could not be decrypted`);
      const shown = `${error.message} ${inspect(error)} ${JSON.stringify(error)} ${String(error.cause)}`;
      for (const forbidden of [MARKER, masterKey, stored, blob.ciphertext, blob.tag]) expect(shown).not.toContain(forbidden);
    }
  });

  it('caches unwrapped data keys for the TTL, then unwraps again', async () => {
    let now = 1_000_000;
    const provider = counting(providerOf(entry));
    const cached = new CredentialCipher({ store, provider, cacheTtlMs: 60_000, now: () => now });
    const blob = await new CredentialCipher({ store, provider: providerOf(entry) }).encrypt(ORG, 'cred-1', DATA);
    await cached.decrypt(ORG, 'cred-1', blob);
    await cached.decrypt(ORG, 'cred-1', blob);
    expect(provider.unwraps).toBe(1);
    now += 60_001;
    await cached.decrypt(ORG, 'cred-1', blob);
    expect(provider.unwraps).toBe(2);
    cached.clearCache();
    await cached.decrypt(ORG, 'cred-1', blob);
    expect(provider.unwraps).toBe(3);
  });

  it('bounds the cache, and caches nothing with a TTL of 0', async () => {
    const provider = counting(providerOf(entry));
    const orgs = [randomUUID(), randomUUID(), randomUUID()];
    const writer = new CredentialCipher({ store, provider: providerOf(entry) });
    const blobs = await Promise.all(orgs.map((org) => writer.encrypt(org, 'c', DATA)));
    const small = new CredentialCipher({ store, provider, maxCachedKeys: 2 });
    for (const [i, org] of orgs.entries()) await small.decrypt(org, 'c', blobs[i]!);
    expect(provider.unwraps).toBe(3);
    await small.decrypt(orgs[0]!, 'c', blobs[0]!);
    expect(provider.unwraps).toBe(4);
    const none = new CredentialCipher({ store, provider, cacheTtlMs: 0 });
    await none.decrypt(orgs[1]!, 'c', blobs[1]!);
    await none.decrypt(orgs[1]!, 'c', blobs[1]!);
    expect(provider.unwraps).toBe(6);
  });

  it("rotates an organization's data key: old blobs still decrypt, reencrypt moves them to the newest version", async () => {
    const old = await cipher.encrypt(ORG, 'cred-1', DATA);
    expect(await cipher.rotateDataKey(ORG)).toBe(2);
    const fresh = await cipher.encrypt(ORG, 'cred-2', DATA);
    expect(fresh.dataKeyVersion).toBe(2);
    expect(await cipher.isCurrent(ORG, old)).toBe(false);
    const moved = await cipher.reencrypt(ORG, 'cred-1', old);
    expect(moved).toMatchObject({ dataKeyVersion: 2, keyId: fresh.keyId });
    expect(moved.iv).not.toBe(old.iv);
    expect(await cipher.isCurrent(ORG, moved)).toBe(true);
    expect(await cipher.decrypt(ORG, 'cred-1', moved)).toEqual(DATA);
    expect(await cipher.decrypt(ORG, 'cred-1', old)).toEqual(DATA);
    expect(JSON.stringify(moved)).not.toContain(MARKER);
  });

  it('stops decrypting once the master key of a data key is removed (and the cache expired)', async () => {
    const blob = await cipher.encrypt(ORG, 'cred-1', DATA);
    const without = new CredentialCipher({ store, provider: providerOf(generateMasterKeyEntry('mk-2')) });
    await expect(without.decrypt(ORG, 'cred-1', blob)).rejects.toThrow(/master key "mk-1": that master key is not configured/);
  });
});
