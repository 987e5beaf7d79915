import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfiguredKeyProvider, KeyUnwrapError } from './key-provider.js';
import { generateMasterKeyEntry, parseMasterKeys } from './master-keys.js';

const ORG = { organizationId: 'org-1' };
const provider = (raw: string) => new ConfiguredKeyProvider(parseMasterKeys(raw));

async function unwrapError(promise: Promise<unknown>): Promise<KeyUnwrapError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyUnwrapError);
  return error as KeyUnwrapError;
}

describe('ConfiguredKeyProvider', () => {
  const a = generateMasterKeyEntry('mk-a');
  const b = generateMasterKeyEntry('mk-b');

  it('wraps under the first (current) key and unwraps the same data key', async () => {
    const keys = provider(`${b},${a}`);
    expect(keys.currentMasterKeyId()).toBe('mk-b');
    expect(keys.masterKeyIds()).toEqual(['mk-b', 'mk-a']);
    const dataKey = randomBytes(32);
    const wrapped = await keys.wrap(dataKey, ORG);
    expect(wrapped.masterKeyId).toBe('mk-b');
    expect(Buffer.from(wrapped.wrappedKey, 'base64')).toHaveLength(61);
    expect((await keys.unwrap(wrapped.wrappedKey, 'mk-b', ORG)).equals(dataKey)).toBe(true);
  });

  it('wraps with a fresh iv each time, and never shows the data key', async () => {
    const keys = provider(a);
    const dataKey = randomBytes(32);
    const [one, two] = [await keys.wrap(dataKey, ORG), await keys.wrap(dataKey, ORG)];
    expect(one.wrappedKey).not.toBe(two.wrappedKey);
    for (const wrapped of [one, two]) {
      expect(Buffer.from(wrapped.wrappedKey, 'base64').includes(dataKey)).toBe(false);
      expect(JSON.stringify(wrapped)).not.toContain(dataKey.toString('base64'));
    }
  });

  it('unwraps with an older configured key (rotation in progress)', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await provider(a).wrap(dataKey, ORG);
    expect((await provider(`${b},${a}`).unwrap(wrapped.wrappedKey, 'mk-a', ORG)).equals(dataKey)).toBe(true);
  });

  it('binds the wrap to the organization and the master key id', async () => {
    const keys = provider(`${b},${a}`);
    const wrapped = await keys.wrap(randomBytes(32), ORG);
    expect((await unwrapError(keys.unwrap(wrapped.wrappedKey, 'mk-b', { organizationId: 'org-2' }))).message).toMatch(
      /organization org-2 .*authentication failed/,
    );
    await unwrapError(keys.unwrap(wrapped.wrappedKey, 'mk-a', ORG));
  });

  it('refuses unknown master keys, malformed and tampered wraps with messages free of key material', async () => {
    const entry = generateMasterKeyEntry('mk-a');
    const keys = provider(entry);
    const dataKey = randomBytes(32);
    const { wrappedKey } = await keys.wrap(dataKey, ORG);
    const bytes = Buffer.from(wrappedKey, 'base64');
    const flipped = (index: number) => Buffer.from(bytes.map((byte, i) => (i === index ? byte ^ 1 : byte))).toString('base64');
    const errors = [
      await unwrapError(keys.unwrap(wrappedKey, 'mk-gone', ORG)),
      await unwrapError(keys.unwrap(wrappedKey.slice(0, 20), 'mk-a', ORG)),
      await unwrapError(keys.unwrap(flipped(0), 'mk-a', ORG)),
      await unwrapError(keys.unwrap(flipped(5), 'mk-a', ORG)),
      await unwrapError(keys.unwrap(flipped(20), 'mk-a', ORG)),
      await unwrapError(keys.unwrap(flipped(60), 'mk-a', ORG)),
    ];
    expect(errors[0]?.message).toMatch(/"mk-gone": that master key is not configured \(configured: mk-a\)/);
    for (const error of errors) {
      const shown = `${error.message} ${inspect(error)} ${JSON.stringify(error)}`;
      expect(error.code).toBe('CREDENTIAL_KEY_UNWRAP_FAILED');
      expect(shown).not.toContain(entry.split(':')[1]);
      expect(shown).not.toContain(dataKey.toString('base64'));
      expect(shown).not.toContain(dataKey.toString('hex'));
      expect(shown).not.toContain(wrappedKey);
    }
  });

  it('keeps master keys out of JSON and inspect', () => {
    const entry = generateMasterKeyEntry('mk-a');
    const keys = provider(entry);
    const material = Buffer.from(entry.split(':')[1]!, 'base64');
    const shown = JSON.stringify(keys) + inspect(keys, { depth: 10, showHidden: true });
    expect(shown).not.toContain(material.toString('base64'));
    expect(shown).not.toContain(material.toString('hex'));
  });

  it('refuses an empty key list, duplicates and data keys of the wrong size', async () => {
    expect(() => new ConfiguredKeyProvider([])).toThrow();
    const [one] = parseMasterKeys(a);
    expect(() => new ConfiguredKeyProvider([one!, one!])).toThrow(/unique/);
    await expect(provider(a).wrap(randomBytes(16), ORG)).rejects.toThrow(/32 bytes/);
  });
});
