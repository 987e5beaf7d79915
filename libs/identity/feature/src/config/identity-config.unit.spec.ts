import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JwtKeyRing } from '../security/index.js';
import { persistedSecret } from './generated-secret.js';
import { kidOf, loadIdentityConfig } from './identity-config.js';

const secret = 'a'.repeat(32);
const older = 'b'.repeat(40);

describe('identity configuration', () => {
  it('signs with JWT_SECRET, keeps JWT_PREVIOUS_SECRETS for verifying, with kids derived alike everywhere', () => {
    const config = loadIdentityConfig({ JWT_SECRET: secret, JWT_PREVIOUS_SECRETS: ` ${older} ` });
    expect(config.currentKid).toBe(kidOf(secret));
    expect(config.jwtKeys.map((key) => key.kid)).toEqual([kidOf(secret), kidOf(older)]);
    expect(kidOf(secret)).toMatch(/^hs-[0-9a-f]{16}$/);
    expect(kidOf(secret)).not.toBe(kidOf(older));
    expect(() => new JwtKeyRing(config.jwtKeys, config.currentKid)).not.toThrow();
  });

  it('defaults: 15-minute access tokens, 14-day refresh tokens, 30-day sessions', () => {
    expect(loadIdentityConfig({ JWT_SECRET: secret })).toMatchObject({
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 14 * 86_400,
      sessionTtlSeconds: 30 * 86_400,
      issuer: 'weft',
      audience: 'weft-api',
    });
    expect(loadIdentityConfig({ JWT_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: '120' }).accessTokenTtlSeconds).toBe(120);
  });

  it('fails fast, naming the variable', () => {
    expect(() => loadIdentityConfig({})).toThrow('JWT_SECRET');
    expect(() => loadIdentityConfig({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET');
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, JWT_PREVIOUS_SECRETS: 'short' })).toThrow('JWT_PREVIOUS_SECRETS');
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: '15m' })).toThrow('ACCESS_TOKEN_TTL_SECONDS');
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, REFRESH_TOKEN_TTL_SECONDS: '7200', SESSION_TTL_SECONDS: '3600' })).toThrow(
      'REFRESH_TOKEN_TTL_SECONDS',
    );
  });

  it('mailed tokens live 24 hours (verification) and 1 hour (reset) by default, within bounds', () => {
    expect(loadIdentityConfig({ JWT_SECRET: secret })).toMatchObject({ emailVerificationTtlSeconds: 86_400, passwordResetTtlSeconds: 3600 });
    expect(loadIdentityConfig({ JWT_SECRET: secret, EMAIL_VERIFICATION_TTL_SECONDS: '600', PASSWORD_RESET_TTL_SECONDS: '60' })).toMatchObject({
      emailVerificationTtlSeconds: 600,
      passwordResetTtlSeconds: 60,
    });
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, PASSWORD_RESET_TTL_SECONDS: '59' })).toThrow('PASSWORD_RESET_TTL_SECONDS');
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, PASSWORD_RESET_TTL_SECONDS: String(86_401) })).toThrow('PASSWORD_RESET_TTL_SECONDS');
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, EMAIL_VERIFICATION_TTL_SECONDS: String(7 * 86_400 + 1) })).toThrow('EMAIL_VERIFICATION_TTL_SECONDS');
  });

  it('reads the bootstrap super admin from WEFT_SUPER_ADMIN_EMAIL, normalised; none by default', () => {
    expect(loadIdentityConfig({ JWT_SECRET: secret }).superAdminEmail).toBeNull();
    expect(loadIdentityConfig({ JWT_SECRET: secret, WEFT_SUPER_ADMIN_EMAIL: '  ' }).superAdminEmail).toBeNull();
    expect(loadIdentityConfig({ JWT_SECRET: secret, WEFT_SUPER_ADMIN_EMAIL: ' Root@Example.COM ' }).superAdminEmail).toBe('root@example.com');
    expect(() => loadIdentityConfig({ JWT_SECRET: secret, WEFT_SUPER_ADMIN_EMAIL: 'root@localhost' })).toThrow('WEFT_SUPER_ADMIN_EMAIL');
  });

  it('without JWT_SECRET, uses the generated secret, persisted owner-only and the same at the next start', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-identity-config-'));
    try {
      const first = loadIdentityConfig({}, { generatedSecret: persistedSecret(dataDir) });
      const second = loadIdentityConfig({}, { generatedSecret: persistedSecret(dataDir) });
      expect(second.currentKid).toBe(first.currentKid);
      const file = path.join(dataDir, 'identity', 'jwt-secret');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
      expect(loadIdentityConfig({ JWT_SECRET: secret }, { generatedSecret: persistedSecret(dataDir) }).currentKid).toBe(kidOf(secret));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
