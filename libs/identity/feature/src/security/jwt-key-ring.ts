import { type KeyObject, createHmac, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';

/** The algorithms Weft signs access tokens with. `none` and everything else is refused. */
export type JwtAlgorithm = 'HS256' | 'ES256';

/** Key material as configuration gives it: an HMAC secret, or a P-256 key pair (PEM or KeyObject). */
export type JwtKeyInput =
  | { readonly kid: string; readonly alg: 'HS256'; readonly secret: string | Buffer }
  | { readonly kid: string; readonly alg: 'ES256'; readonly publicKey: string | KeyObject; readonly privateKey?: string | KeyObject };

/** A key of the ring, normalised to KeyObjects. `signingKey` is absent for verify-only keys. */
export interface JwtKey {
  readonly kid: string;
  readonly alg: JwtAlgorithm;
  readonly verificationKey: KeyObject;
  readonly signingKey: KeyObject | undefined;
}

/** Shortest HS256 secret accepted (RFC 7518 §3.2: at least the hash size). */
export const HS256_MIN_SECRET_BYTES = 32;
const KID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Signing keys by `kid`. New tokens are signed with the current key; tokens signed
 * with an older key still verify while that key stays in the ring. Rotation: add the
 * new key, make it current, drop the old one after the access-token lifetime.
 */
export class JwtKeyRing {
  private readonly keys: ReadonlyMap<string, JwtKey>;
  readonly current: JwtKey & { readonly signingKey: KeyObject };

  constructor(keys: readonly JwtKeyInput[], currentKid: string) {
    const normalised = keys.map(normaliseKey);
    const kids = normalised.map((key) => key.kid);
    if (new Set(kids).size !== kids.length) throw new Error('JWT key ids must be unique');
    this.keys = new Map(normalised.map((key) => [key.kid, key]));
    const current = this.keys.get(currentKid);
    if (current?.signingKey === undefined) throw new Error(`The current JWT key "${currentKid}" must be in the ring with its private or secret material`);
    this.current = current as JwtKey & { signingKey: KeyObject };
  }

  /**
   * A secret for another purpose, derived from the current signing key: HMAC keys that
   * must live in configuration, never in the database (throttle keys, Idempotency-Key
   * fingerprints). A key rotation changes it.
   */
  derivedSecret(label: string): KeyObject {
    const signing = this.current.signingKey;
    const material = signing.type === 'secret' ? signing.export() : signing.export({ format: 'der', type: 'pkcs8' });
    return createSecretKey(createHmac('sha256', material).update(label).digest());
  }

  /** The key with `kid`, or undefined. */
  find(kid: string): JwtKey | undefined {
    return this.keys.get(kid);
  }

  /** The algorithms of the ring's keys (for passport-jwt's `algorithms` option). */
  algorithms(): JwtAlgorithm[] {
    return [...new Set([...this.keys.values()].map((key) => key.alg))];
  }
}

function normaliseKey(input: JwtKeyInput): JwtKey {
  if (!KID.test(input.kid)) throw new Error(`Invalid JWT kid "${input.kid}"`);
  if (input.alg === 'HS256') {
    const secret = typeof input.secret === 'string' ? Buffer.from(input.secret, 'utf8') : input.secret;
    if (secret.length < HS256_MIN_SECRET_BYTES) throw new Error(`The HS256 secret of "${input.kid}" must have at least ${HS256_MIN_SECRET_BYTES} bytes`);
    const key = createSecretKey(secret);
    return { kid: input.kid, alg: 'HS256', verificationKey: key, signingKey: key };
  }
  const publicKey = typeof input.publicKey === 'string' ? createPublicKey(input.publicKey) : input.publicKey;
  const privateKey = typeof input.privateKey === 'string' ? createPrivateKey(input.privateKey) : input.privateKey;
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error(`The ES256 key "${input.kid}" must be a P-256 key`);
  return { kid: input.kid, alg: 'ES256', verificationKey: publicKey, signingKey: privateKey };
}

/** A new random HS256 key (for tests and local development). */
export function generateHs256Key(kid: string): JwtKeyInput {
  return { kid, alg: 'HS256', secret: randomBytes(HS256_MIN_SECRET_BYTES) };
}

/** A new P-256 key pair for ES256. */
export function generateEs256Key(kid: string): JwtKeyInput {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg: 'ES256', publicKey, privateKey };
}

/** The key Idempotency-Key fingerprints are HMACs under (IDEMPOTENCY_FINGERPRINT_KEY of @weft/nest). */
export const idempotencyFingerprintKey = (keyRing: JwtKeyRing): KeyObject => keyRing.derivedSecret('weft-idempotency-fingerprints-v1');
