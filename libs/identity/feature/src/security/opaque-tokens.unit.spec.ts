import { createHash } from 'node:crypto';
import { OPAQUE_TOKEN_PREFIXES, type OpaqueTokenKind, hashOpaqueToken, issueOpaqueToken, opaqueTokenKind } from './opaque-tokens.js';

describe('opaque tokens', () => {
  it('issues prefixed 256-bit base64url tokens of every kind, recognisable by kind', () => {
    for (const kind of Object.keys(OPAQUE_TOKEN_PREFIXES) as OpaqueTokenKind[]) {
      const issued = issueOpaqueToken(kind);
      expect(issued.token.startsWith(OPAQUE_TOKEN_PREFIXES[kind])).toBe(true);
      expect(issued.token.slice(OPAQUE_TOKEN_PREFIXES[kind].length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(opaqueTokenKind(issued.token)).toBe(kind);
    }
  });

  it('stores only the sha256 of the whole token', () => {
    const issued = issueOpaqueToken('refresh');
    expect(issued.hash).toBe(createHash('sha256').update(issued.token).digest('hex'));
    expect(hashOpaqueToken(issued.token)).toBe(issued.hash);
    expect(issued.hash).not.toContain(issued.token.slice(8));
  });

  it('gives API keys a short display prefix that the domain accepts', () => {
    const issued = issueOpaqueToken('apiKey', (size) => Buffer.alloc(size, 0xff));
    expect(issued.displayPrefix).toBe('weft_ak_____');
    expect(issued.displayPrefix).toMatch(/^weft_ak_[A-Za-z0-9_-]{4,8}$/);
  });

  it('never issues the same token twice (in a thousand)', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => issueOpaqueToken('invitation').token));
    expect(tokens.size).toBe(1000);
  });

  it('recognises no junk, truncated or re-prefixed token', () => {
    const { token } = issueOpaqueToken('passwordReset');
    expect(opaqueTokenKind(token.slice(0, -1))).toBeUndefined();
    expect(opaqueTokenKind(`${token}x`)).toBeUndefined();
    expect(opaqueTokenKind(token.replace('weft_pr_', 'weft_xx_'))).toBeUndefined();
    expect(opaqueTokenKind('')).toBeUndefined();
  });
});
