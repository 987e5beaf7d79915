import { type KeyObject, createSecretKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@weft/config';

/** AES-256: master keys are exactly 32 bytes. */
export const MASTER_KEY_BYTES = 32;
export const MASTER_KEYS_VARIABLE = 'CREDENTIALS_MASTER_KEYS';
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/** A master key: its id (stored beside every data key it wraps) and its material as a KeyObject, which neither JSON nor `inspect` prints. */
export interface MasterKey {
  readonly id: string;
  readonly key: KeyObject;
}

export interface CredentialKeysConfig {
  /** The current (wrapping) key first, then older keys that still unwrap. */
  readonly masterKeys: readonly MasterKey[];
}

export interface CredentialKeysConfigSources {
  /** When the variable is unset: the embedded platform passes `persistedMasterKeys(dataDir)`; distributed services pass nothing and must be configured. */
  readonly generatedMasterKeys?: () => string;
}

/**
 * Reads `CREDENTIALS_MASTER_KEYS`: `id:base64key[,id:base64key...]`, the first being the
 * current key. Errors name the variable and the entry's position, never a key.
 */
export function loadCredentialKeysConfig(env: NodeJS.ProcessEnv, sources: CredentialKeysConfigSources = {}): CredentialKeysConfig {
  const configured = env[MASTER_KEYS_VARIABLE];
  if (configured !== undefined && configured.trim() !== '') return { masterKeys: parseMasterKeys(configured, MASTER_KEYS_VARIABLE) };
  const generated = sources.generatedMasterKeys?.();
  if (generated === undefined)
    throw new ConfigError(
      MASTER_KEYS_VARIABLE,
      `must be set to id:base64key entries of ${MASTER_KEY_BYTES}-byte keys (generate one with: openssl rand -base64 32)`,
    );
  return { masterKeys: parseMasterKeys(generated, `${MASTER_KEYS_VARIABLE} (generated file)`) };
}

/** Parses the variable's format; `variable` names the source in errors. */
export function parseMasterKeys(raw: string, variable: string = MASTER_KEYS_VARIABLE): MasterKey[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError(variable, 'must hold at least one id:base64key entry');
  const keys = entries.map((entry, index) => parseEntry(entry, index + 1, variable));
  const seen = new Set<string>();
  for (const { id } of keys) {
    if (seen.has(id)) throw new ConfigError(variable, `declares the key id "${id}" twice`);
    seen.add(id);
  }
  return keys;
}

function parseEntry(entry: string, position: number, variable: string): MasterKey {
  const colon = entry.indexOf(':');
  if (colon < 0) throw new ConfigError(variable, `entry ${position} must have the form id:base64key`);
  const id = entry.slice(0, colon).trim();
  const encoded = entry.slice(colon + 1).trim();
  if (!KEY_ID.test(id)) throw new ConfigError(variable, `entry ${position} must start with a key id of 1 to 64 letters, digits, ".", "_" or "-"`);
  if (!BASE64.test(encoded)) throw new ConfigError(variable, `key "${id}" must be base64`);
  const bytes = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
  try {
    if (bytes.length !== MASTER_KEY_BYTES) throw new ConfigError(variable, `key "${id}" must be exactly ${MASTER_KEY_BYTES} bytes, got ${bytes.length}`);
    return { id, key: createSecretKey(bytes) };
  } finally {
    bytes.fill(0);
  }
}

/** A new `id:base64key` entry (for the runbook's "add a key" step and for tests). */
export function generateMasterKeyEntry(id = `mk-${randomBytes(4).toString('hex')}`): string {
  if (!KEY_ID.test(id)) throw new Error('A master key id must be 1 to 64 letters, digits, ".", "_" or "-"');
  return `${id}:${randomBytes(MASTER_KEY_BYTES).toString('base64')}`;
}

/**
 * The embedded platform's master keys when none are configured: generated once into
 * `<dataDir>/credentials/master-keys` (owner-only), in the variable's format, so
 * credentials survive a restart and a fresh machine needs no configuration. Rotating
 * there means editing that file exactly as one would edit the variable.
 */
export function persistedMasterKeys(dataDir: string): () => string {
  return () => {
    const file = path.join(dataDir, 'credentials', 'master-keys');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const value = generateMasterKeyEntry(`local-${randomBytes(4).toString('hex')}`);
    // Written aside, then linked into place: `link` fails with EEXIST atomically, so when
    // two processes race on a fresh folder the first complete file wins and both read it
    // (a plain `wx` write could let the loser read a file not yet written).
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temporary, `${value}\n`, { flag: 'wx', mode: 0o600 });
    try {
      fs.linkSync(temporary, file);
      return value;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
      throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  };
}
