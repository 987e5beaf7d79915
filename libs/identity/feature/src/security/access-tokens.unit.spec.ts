import { createHmac } from 'node:crypto';
import { UserError } from '@weft/kernel';
import { AccessTokens } from './access-tokens.js';
import { JwtKeyRing, generateEs256Key, generateHs256Key } from './jwt-key-ring.js';

const start = Date.parse('2026-11-29T10:00:00Z');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof UserError ? `${error.code}:${String(error.details['reason'] ?? '')}` : `unexpected:${String(error)}`;
  }
  return 'accepted';
};

function setup(keys = [generateHs256Key('k1')], currentKid = 'k1') {
  let now = start;
  const ring = new JwtKeyRing(keys, currentKid);
  const tokens = new AccessTokens({ keyRing: ring, issuer: 'weft', audience: 'weft-api', clock: () => now });
  return { ring, tokens, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('JWT access tokens', () => {
  it('signs with the current key (kid in the header) and verifies the claims back', () => {
    for (const key of [generateHs256Key('k1'), generateEs256Key('k1')]) {
      const { tokens } = setup([key]);
      const token = tokens.sign({ sub: 'user-1', role: 'user' }, 900);
      const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
      expect(header).toEqual({ alg: key.alg, typ: 'JWT', kid: 'k1' });
      expect(tokens.verify(token)).toEqual({ sub: 'user-1', role: 'user', iat: start / 1000, exp: start / 1000 + 900, iss: 'weft', aud: 'weft-api' });
    }
  });

  it('expires at exp', () => {
    const { tokens, advance } = setup();
    const token = tokens.sign({ sub: 'user-1' }, 60);
    advance(59);
    expect(code(() => tokens.verify(token))).toBe('accepted');
    advance(1);
    expect(code(() => tokens.verify(token))).toBe('auth.token_expired:');
  });

  it('rotates: tokens of an older key verify while it stays in the ring, and not after', () => {
    const old = generateHs256Key('2026-10');
    const next = generateEs256Key('2026-11');
    const before = setup([old], '2026-10').tokens.sign({ sub: 'user-1' }, 900);
    const rotated = setup([old, next], '2026-11');
    expect(code(() => rotated.tokens.verify(before))).toBe('accepted');
    expect(JSON.parse(Buffer.from(rotated.tokens.sign({ sub: 'u' }, 60).split('.')[0]!, 'base64url').toString())).toMatchObject({
      kid: '2026-11',
      alg: 'ES256',
    });
    const retired = setup([next], '2026-11');
    expect(code(() => retired.tokens.verify(before))).toBe('auth.token_invalid:kid_unknown');
  });

  it('refuses alg none, a missing kid, and an alg other than the key’s', () => {
    const { tokens } = setup();
    const [, payload] = tokens.sign({ sub: 'user-1' }, 60).split('.');
    expect(code(() => tokens.verify(`${b64({ alg: 'none', kid: 'k1' })}.${payload}.`))).toBe('auth.token_invalid:alg');
    expect(code(() => tokens.verify(`${b64({ alg: 'HS256' })}.${payload}.xx`))).toBe('auth.token_invalid:kid_missing');
    expect(code(() => tokens.verify(`${b64({ alg: 'HS512', kid: 'k1' })}.${payload}.xx`))).toBe('auth.token_invalid:alg');
    expect(code(() => tokens.verify(`${b64({ alg: 'HS256', kid: 'k1', crit: ['exp'] })}.${payload}.xx`))).toBe('auth.token_invalid:crit');
  });

  it('refuses HS256 tokens "signed" with an ES256 public key (algorithm confusion)', () => {
    const es = generateEs256Key('es');
    const { tokens } = setup([es], 'es');
    const publicPem = (es as { publicKey: { export(o: object): string } }).publicKey.export({ type: 'spki', format: 'pem' });
    const input = `${b64({ alg: 'HS256', kid: 'es', typ: 'JWT' })}.${b64({ sub: 'admin', iat: start / 1000, exp: start / 1000 + 60, iss: 'weft', aud: 'weft-api' })}`;
    const forged = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    expect(code(() => tokens.verify(forged))).toBe('auth.token_invalid:alg');
  });

  it('refuses a tampered payload or signature, and tokens of another ring', () => {
    const { tokens } = setup();
    const [header, , signature] = tokens.sign({ sub: 'user-1' }, 60).split('.');
    const escalated = b64({ sub: 'user-1', role: 'super_admin', iat: start / 1000, exp: start / 1000 + 60, iss: 'weft', aud: 'weft-api' });
    expect(code(() => tokens.verify(`${header}.${escalated}.${signature}`))).toBe('auth.token_invalid:signature');
    const foreign = setup().tokens.sign({ sub: 'user-1' }, 60);
    expect(code(() => tokens.verify(foreign))).toBe('auth.token_invalid:signature');
  });

  it('refuses malformed tokens, wrong issuer or audience, and tokens from the future', () => {
    const { ring, tokens } = setup();
    for (const junk of ['', 'a.b', 'a.b.c.d', '!!.??.**', `${b64([1])}.${b64({})}.x`])
      expect(code(() => tokens.verify(junk))).toBe('auth.token_invalid:malformed');
    const otherIssuer = new AccessTokens({ keyRing: ring, issuer: 'evil', audience: 'weft-api', clock: () => start });
    expect(code(() => tokens.verify(otherIssuer.sign({ sub: 'u' }, 60)))).toBe('auth.token_invalid:issuer');
    const otherAudience = new AccessTokens({ keyRing: ring, issuer: 'weft', audience: 'other', clock: () => start });
    expect(code(() => tokens.verify(otherAudience.sign({ sub: 'u' }, 60)))).toBe('auth.token_invalid:audience');
    const future = new AccessTokens({ keyRing: ring, issuer: 'weft', audience: 'weft-api', clock: () => start + 3_600_000 });
    expect(code(() => tokens.verify(future.sign({ sub: 'u' }, 60)))).toBe('auth.token_invalid:not_yet_valid');
  });

  it('refuses weak secrets, duplicate kids and a current key without signing material', () => {
    expect(() => new JwtKeyRing([{ kid: 'k', alg: 'HS256', secret: 'too-short' }], 'k')).toThrow('at least 32 bytes');
    expect(() => new JwtKeyRing([generateHs256Key('k'), generateHs256Key('k')], 'k')).toThrow('unique');
    const es = generateEs256Key('es') as { kid: string; alg: 'ES256'; publicKey: string };
    expect(() => new JwtKeyRing([{ kid: es.kid, alg: 'ES256', publicKey: es.publicKey }], 'es')).toThrow('private');
    expect(() => new JwtKeyRing([generateHs256Key('k')], 'missing')).toThrow('must be in the ring');
  });
});
