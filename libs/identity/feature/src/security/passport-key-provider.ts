import { decodeJwt, keyFor } from './access-tokens.js';
import { type JwtKeyRing } from './jwt-key-ring.js';

/** passport-jwt's `secretOrKeyProvider` signature. */
export type SecretOrKeyProvider = (request: unknown, rawJwtToken: string, done: (error: Error | null, secretOrKey?: string | Buffer) => void) => void;

/**
 * For `new JwtStrategy({ secretOrKeyProvider, algorithms: keyRing.algorithms(), ... })`:
 * picks the verification key by the token's `kid`, refusing tokens whose `alg` is not
 * that key's (so `none` and HS256-signed-with-a-public-key never reach jsonwebtoken).
 * HS256 keys are handed over as the secret bytes, ES256 keys as a PEM public key.
 */
export function jwtSecretOrKeyProvider(keyRing: JwtKeyRing): SecretOrKeyProvider {
  return (_request, rawJwtToken, done) => {
    const decoded = decodeJwt(rawJwtToken);
    if (decoded === undefined) return done(new Error('Malformed token'));
    try {
      const key = keyFor(keyRing, decoded.header);
      const material = key.alg === 'HS256' ? key.verificationKey.export() : (key.verificationKey.export({ type: 'spki', format: 'pem' }) as string);
      done(null, material);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
