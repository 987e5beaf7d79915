import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '@weft/config';
import { MASTER_KEY_BYTES, generateMasterKeyEntry, loadCredentialKeysConfig, parseMasterKeys, persistedMasterKeys } from './master-keys.js';

const key = (bytes = MASTER_KEY_BYTES) => randomBytes(bytes).toString('base64');

function configError(raw: string): ConfigError {
  try {
    parseMasterKeys(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('master keys configuration', () => {
  it('parses id:base64 entries, the first being current, base64 or base64url', () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const keys = parseMasterKeys(` k2:${current.toString('base64')} , k1:${old.toString('base64url')}`);
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys[0]?.key.export().equals(current)).toBe(true);
    expect(keys[1]?.key.export().equals(old)).toBe(true);
    expect(keys[0]?.key.symmetricKeySize).toBe(32);
  });

  it('refuses malformed, short, long, non-base64, badly named and duplicate entries, naming the variable', () => {
    const cases: [string, RegExp][] = [
      ['', /at least one/],
      [key(), /entry 1 must have the form id:base64key/],
      [`k1:${key(16)}`, /key "k1" must be exactly 32 bytes, got 16/],
      [`k1:${key(33)}`, /exactly 32 bytes, got 33/],
      ['k1:not base64!', /key "k1" must be base64/],
      [`:${key()}`, /entry 1 must start with a key id/],
      [`k 1:${key()}`, /entry 1 must start with a key id/],
      [`k1:${key()},k1:${key()}`, /declares the key id "k1" twice/],
      [`k1:${key()},oops`, /entry 2 must have the form/],
    ];
    for (const [raw, message] of cases) {
      const error = configError(raw);
      expect(error.message).toMatch(/^Configuration variable CREDENTIALS_MASTER_KEYS /);
      expect(error.message).toMatch(message);
    }
  });

  it('never puts key material in an error message', () => {
    const material = key(31);
    const short = configError(`k1:${material}`);
    expect(short.message).not.toContain(material);
    const noId = key();
    expect(configError(noId).message).not.toContain(noId);
    const badId = `${key()}:${key()}`;
    expect(configError(badId).message).not.toContain(badId.slice(0, 20));
  });

  it('holds keys as KeyObjects that neither JSON nor inspect prints', () => {
    const raw = randomBytes(32);
    const keys = parseMasterKeys(`k1:${raw.toString('base64')}`);
    const shown = JSON.stringify(keys) + inspect(keys, { depth: 10 });
    expect(shown).not.toContain(raw.toString('base64'));
    expect(shown).not.toContain(raw.toString('hex'));
  });

  it('reads the variable, else a generated source, else fails naming the variable', () => {
    const entry = generateMasterKeyEntry('from-env');
    expect(loadCredentialKeysConfig({ CREDENTIALS_MASTER_KEYS: entry }).masterKeys.map((k) => k.id)).toEqual(['from-env']);
    expect(loadCredentialKeysConfig({}, { generatedMasterKeys: () => generateMasterKeyEntry('generated') }).masterKeys[0]?.id).toBe('generated');
    expect(loadCredentialKeysConfig({ CREDENTIALS_MASTER_KEYS: entry }, { generatedMasterKeys: () => 'ignored' }).masterKeys[0]?.id).toBe('from-env');
    expect(() => loadCredentialKeysConfig({ CREDENTIALS_MASTER_KEYS: '  ' })).toThrow(/CREDENTIALS_MASTER_KEYS must be set/);
    expect(() => loadCredentialKeysConfig({}, { generatedMasterKeys: () => 'broken' })).toThrow(ConfigError);
  });

  it('generates valid entries with fresh keys', () => {
    const [a, b] = [generateMasterKeyEntry('a'), generateMasterKeyEntry('b')];
    expect(parseMasterKeys(`${a},${b}`)).toHaveLength(2);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(generateMasterKeyEntry()).toMatch(/^mk-[0-9a-f]{8}:/);
    expect(() => generateMasterKeyEntry('bad id')).toThrow();
  });

  describe('persisted master keys (embedded mode)', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-master-keys-'));
    });
    afterEach(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('generates one owner-only key file on first use and reads it back afterwards', () => {
      const first = persistedMasterKeys(dataDir)();
      const file = path.join(dataDir, 'credentials', 'master-keys');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o077).toBe(0);
      expect(persistedMasterKeys(dataDir)()).toBe(first);
      expect(parseMasterKeys(first)[0]?.id).toMatch(/^local-[0-9a-f]{8}$/);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['master-keys']);
    });

    it('keeps an operator-edited file (rotation in embedded mode)', () => {
      const edited = `${generateMasterKeyEntry('new')},${generateMasterKeyEntry('old')}`;
      fs.mkdirSync(path.join(dataDir, 'credentials'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'credentials', 'master-keys'), `${edited}\n`, { mode: 0o600 });
      expect(loadCredentialKeysConfig({}, { generatedMasterKeys: persistedMasterKeys(dataDir) }).masterKeys.map((k) => k.id)).toEqual(['new', 'old']);
    });
  });
});
