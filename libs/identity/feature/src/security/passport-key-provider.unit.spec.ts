import { type KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategy, type SecretOrKeyProvider as PassportJwtKeyProvider } from 'passport-jwt';
import { AccessTokens } from './access-tokens.js';
import { JwtKeyRing, generateEs256Key, generateHs256Key } from './jwt-key-ring.js';
import { jwtSecretOrKeyProvider } from './passport-key-provider.js';

const hs = generateHs256Key('hs-1');
const es = generateEs256Key('es-1');
const ring = new JwtKeyRing([hs, es], 'es-1');
const provider = jwtSecretOrKeyProvider(ring);
const lookup = (token: string) =>
  new Promise<{ error: Error | null; key?: KeyObject }>((resolve) => provider({}, token, (error, key) => resolve({ error, key })));

/** Runs a real passport-jwt strategy over a request carrying `token`. */
function authenticate(token: string): Promise<{ user?: unknown; failure?: unknown }> {
  return new Promise((resolve) => {
    const strategy = new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKeyProvider: provider as unknown as PassportJwtKeyProvider,
        algorithms: ring.algorithms(),
        issuer: 'weft',
      },
      (payload: { sub: string }, done: (error: unknown, user?: unknown) => void) => done(null, { id: payload.sub }),
    ) as unknown as { authenticate(req: unknown): void; success(user: unknown): void; fail(info: unknown): void; error(err: unknown): void };
    strategy.success = (user) => resolve({ user });
    strategy.fail = (failure) => resolve({ failure });
    strategy.error = (failure) => resolve({ failure });
    strategy.authenticate({ headers: { authorization: `Bearer ${token}` } });
  });
}

describe('passport-jwt key provider', () => {
  it('picks the key by kid: the secret KeyObject for HS256, the public one for ES256', async () => {
    const now = () => Date.now();
    const hsToken = new AccessTokens({ keyRing: new JwtKeyRing([hs], 'hs-1'), clock: now }).sign({ sub: 'u' }, 60);
    const esToken = new AccessTokens({ keyRing: ring, clock: now }).sign({ sub: 'u' }, 60);
    expect((await lookup(hsToken)).key?.type).toBe('secret');
    const es = (await lookup(esToken)).key;
    expect([es?.type, es?.asymmetricKeyType]).toEqual(['public', 'ec']);
  });

  it('refuses an unknown kid, a mismatched alg and junk before jsonwebtoken sees them', async () => {
    const forged = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'es-1' })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`;
    const unknown = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'nope' })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`;
    expect((await lookup(forged)).error).toBeInstanceOf(Error);
    expect((await lookup(unknown)).error).toBeInstanceOf(Error);
    expect((await lookup('junk')).error).toBeInstanceOf(Error);
  });

  it('lets a real passport-jwt strategy authenticate our tokens and refuse expired ones', async () => {
    const tokens = new AccessTokens({ keyRing: ring, issuer: 'weft', clock: () => Date.now() });
    await expect(authenticate(tokens.sign({ sub: 'user-1' }, 60))).resolves.toEqual({ user: { id: 'user-1' } });
    const stale = new AccessTokens({ keyRing: ring, issuer: 'weft', clock: () => Date.now() - 3_600_000 }).sign({ sub: 'user-1' }, 60);
    const result = await authenticate(stale);
    expect(result.user).toBeUndefined();
    expect(result.failure).toBeDefined();
  });
});
