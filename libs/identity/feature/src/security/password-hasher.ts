import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { type ScryptParams, formatScryptHash, parseScryptHash } from './phc.js';

/** The parameters new hashes get: N = 2^17, r = 8, p = 1 (OWASP's scrypt baseline, ~128 MiB). */
export const CURRENT_SCRYPT_PARAMS: ScryptParams = { ln: 17, r: 8, p: 1 };

/** Derives `keyLength` bytes from a password: the one slow, memory-hard step. */
export type PasswordKdf = (password: Buffer, salt: Buffer, keyLength: number, params: ScryptParams) => Promise<Buffer>;

/** node:crypto's scrypt, with `maxmem` raised to what the parameters need. */
export const scryptKdf: PasswordKdf = (password, salt, keyLength, { ln, r, p }) =>
  new Promise((resolve, reject) => {
    const N = 2 ** ln;
    scrypt(password, salt, keyLength, { N, r, p, maxmem: 128 * N * r * p + 32 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });

export interface PasswordHasherOptions {
  /** Parameters of new hashes; hashes below them `needsRehash`. Default `CURRENT_SCRYPT_PARAMS`. */
  readonly params?: ScryptParams;
  /** Injectable for tests (counting calls); default `scryptKdf`. */
  readonly kdf?: PasswordKdf;
  readonly saltBytes?: number;
  readonly keyBytes?: number;
}

/**
 * Hashes and verifies passwords with scrypt, the parameters stored in each hash
 * (`$scrypt$ln=17,r=8,p=1$<salt>$<hash>`), so they can rise without invalidating old
 * hashes. Passwords are NFKC-normalised first, so the same characters typed on
 * different keyboards give the same hash.
 */
export class PasswordHasher {
  private readonly params: ScryptParams;
  private readonly kdf: PasswordKdf;
  private readonly saltBytes: number;
  private readonly keyBytes: number;
  private dummyHash: Promise<string> | undefined;

  constructor(options: PasswordHasherOptions = {}) {
    this.params = options.params ?? CURRENT_SCRYPT_PARAMS;
    this.kdf = options.kdf ?? scryptKdf;
    this.saltBytes = options.saltBytes ?? 16;
    this.keyBytes = options.keyBytes ?? 32;
  }

  /** A new PHC string for `password`, with a fresh random salt. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(this.saltBytes);
    const hash = await this.kdf(encode(password), salt, this.keyBytes, this.params);
    return formatScryptHash({ params: this.params, salt, hash });
  }

  /** Whether `password` matches `encoded`; compared in constant time. A malformed hash never matches. */
  async verify(password: string, encoded: string): Promise<boolean> {
    const parsed = parseScryptHash(encoded);
    if (parsed === undefined) {
      await this.verifyAgainstDummy(password);
      return false;
    }
    const candidate = await this.kdf(encode(password), parsed.salt, parsed.hash.length, parsed.params);
    return timingSafeEqual(candidate, parsed.hash);
  }

  /**
   * Login's verify: when there is no such user (`encoded` undefined or null) it still
   * runs the KDF, against a dummy hash with the current parameters, and answers false —
   * so an unknown email and a wrong password take the same time.
   */
  async verifyOrDummy(password: string, encoded: string | null | undefined): Promise<boolean> {
    if (encoded === undefined || encoded === null) {
      await this.verifyAgainstDummy(password);
      return false;
    }
    return this.verify(password, encoded);
  }

  /** True when `encoded` is malformed, not scrypt, or weaker than the current parameters: re-hash after a successful login. */
  needsRehash(encoded: string): boolean {
    const parsed = parseScryptHash(encoded);
    if (parsed === undefined) return true;
    const { ln, r, p } = parsed.params;
    return ln < this.params.ln || r < this.params.r || p < this.params.p || parsed.hash.length < this.keyBytes;
  }

  private async verifyAgainstDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    const parsed = parseScryptHash(await this.dummyHash);
    if (parsed === undefined) return;
    const candidate = await this.kdf(encode(password), parsed.salt, parsed.hash.length, parsed.params);
    timingSafeEqual(candidate, parsed.hash);
  }
}

const encode = (password: string) => Buffer.from(password.normalize('NFKC'), 'utf8');
