import { type KeyObject } from 'node:crypto';
import { decodeJwt, keyFor } from './access-tokens.js';
import { type JwtKeyRing } from './jwt-key-ring.js';

/** passport-jwt's `secretOrKeyProvider` signature. */
export type SecretOrKeyProvider = (request: unknown, rawJwtToken: string, done: (error: Error | null, secretOrKey?: KeyObject) => void) => void;

/**
 * For `new JwtStrategy({ secretOrKeyProvider, algorithms: keyRing.algorithms(), ... })`:
 * picks the verification key by the token's `kid`, refusing tokens whose `alg` is not
 * that key's (so `none` and HS256-signed-with-a-public-key never reach jsonwebtoken).
 * The key goes to jsonwebtoken as the ring's KeyObject (secret for HS256, public for
 * ES256): given bytes or PEM instead, jsonwebtoken first tries `createPublicKey` on them
 * and lets it throw, about a millisecond per request (measured: tools/bench/gateway).
 */
export function jwtSecretOrKeyProvider(keyRing: JwtKeyRing): SecretOrKeyProvider {
  return (_request, rawJwtToken, done) => {
    const decoded = decodeJwt(rawJwtToken);
    if (decoded === undefined) return done(new Error('Malformed token'));
    try {
      done(null, keyFor(keyRing, decoded.header).verificationKey);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
