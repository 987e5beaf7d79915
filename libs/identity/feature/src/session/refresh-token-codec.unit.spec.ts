import { hashOpaqueToken, opaqueTokenKind } from '../security/index.js';
import { familyIdOf, issueRefreshToken } from './refresh-token-codec.js';

const familyId = '0191d3c2-7b4a-4c1e-9f2d-3a5b6c7d8e9f';

describe('refresh tokens', () => {
  it('are ordinary weft_rt_ opaque tokens, stored by their sha256', () => {
    const issued = issueRefreshToken(familyId);
    expect(opaqueTokenKind(issued.token)).toBe('refresh');
    expect(issued.hash).toBe(hashOpaqueToken(issued.token));
    expect(issued.token).not.toContain(issued.hash);
  });

  it('name their family, and two tokens of one family differ', () => {
    const a = issueRefreshToken(familyId);
    const b = issueRefreshToken(familyId);
    expect(familyIdOf(a.token)).toBe(familyId);
    expect(familyIdOf(b.token)).toBe(familyId);
    expect(a.token).not.toBe(b.token);
  });

  it('use the injected randomness for their secret half', () => {
    const zeros = issueRefreshToken(familyId, (size) => Buffer.alloc(size));
    expect(issueRefreshToken(familyId, (size) => Buffer.alloc(size)).token).toBe(zeros.token);
  });

  it('refuses junk and tokens of other kinds', () => {
    expect(familyIdOf('')).toBeUndefined();
    expect(familyIdOf('weft_rt_short')).toBeUndefined();
    expect(familyIdOf(`weft_ev_${'A'.repeat(43)}`)).toBeUndefined();
    expect(familyIdOf('Bearer eyJ...')).toBeUndefined();
  });

  it('refuses a family id that is not a uuid', () => {
    expect(() => issueRefreshToken('family-1')).toThrow('Not a UUID');
  });
});
