import { PasswordHasher, type PasswordKdf, scryptKdf } from './password-hasher.js';
import { formatScryptHash, parseScryptHash } from './phc.js';

// Cheap parameters keep the suite fast; one test runs the real production parameters.
const fast = { ln: 4, r: 8, p: 1 };

function countingKdf(): { kdf: PasswordKdf; calls: () => number } {
  let calls = 0;
  return {
    kdf: (password, salt, keyLength, params) => {
      calls++;
      return scryptKdf(password, salt, keyLength, params);
    },
    calls: () => calls,
  };
}

describe('password hashing (scrypt, PHC strings)', () => {
  const hasher = new PasswordHasher({ params: fast });

  it('hashes into a PHC string that carries its parameters and verifies the right password only', async () => {
    const encoded = await hasher.hash('violet-tractor-harbour-42');
    expect(encoded).toMatch(/^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    await expect(hasher.verify('violet-tractor-harbour-42', encoded)).resolves.toBe(true);
    await expect(hasher.verify('violet-tractor-harbour-43', encoded)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password!')).not.toBe(await hasher.hash('same password!'));
  });

  it('normalises to NFKC, so composed and decomposed input match', async () => {
    const encoded = await hasher.hash('caf\u00e9-sur-la-plage');
    await expect(hasher.verify('cafe\u0301-sur-la-plage', encoded)).resolves.toBe(true);
  });

  it('rejects tampered hashes, salts and parameters', async () => {
    const encoded = await hasher.hash('violet-tractor-harbour-42');
    const parsed = parseScryptHash(encoded)!;
    const flipped = Buffer.from(parsed.hash);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await expect(hasher.verify('violet-tractor-harbour-42', formatScryptHash({ ...parsed, hash: flipped }))).resolves.toBe(false);
    await expect(hasher.verify('violet-tractor-harbour-42', formatScryptHash({ ...parsed, salt: Buffer.alloc(16, 7) }))).resolves.toBe(false);
    await expect(hasher.verify('violet-tractor-harbour-42', formatScryptHash({ ...parsed, params: { ...fast, ln: 5 } }))).resolves.toBe(false);
  });

  it('treats malformed or out-of-bounds hashes as non-matching, without throwing', async () => {
    for (const bad of [
      '',
      'plaintext',
      '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
      '$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
      '$scrypt$ln=4,r=8,p=1$!!$aGFzaA',
    ]) {
      await expect(hasher.verify('x', bad)).resolves.toBe(false);
    }
  });

  it('asks for a rehash when parameters are below the current ones or the hash is foreign', async () => {
    const old = await new PasswordHasher({ params: { ln: 3, r: 8, p: 1 } }).hash('pw-pw-pw-pw-pw');
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw-pw-pw-pw-pw'))).toBe(false);
    expect(hasher.needsRehash('$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA')).toBe(true);
    expect(new PasswordHasher({ params: { ln: 4, r: 16, p: 1 } }).needsRehash(await hasher.hash('pw-pw-pw-pw-pw'))).toBe(true);
  });

  it('runs the KDF for an unknown email exactly as for a wrong password', async () => {
    const counter = countingKdf();
    const timed = new PasswordHasher({ params: fast, kdf: counter.kdf });
    const stored = await timed.hash('violet-tractor-harbour-42');
    const afterHash = counter.calls();
    await expect(timed.verifyOrDummy('wrong-password-here', stored)).resolves.toBe(false);
    expect(counter.calls() - afterHash).toBe(1);
    await timed.verifyOrDummy('warm-up', undefined); // the dummy hash is made once, lazily
    const beforeUnknown = counter.calls();
    await expect(timed.verifyOrDummy('wrong-password-here', undefined)).resolves.toBe(false);
    await expect(timed.verifyOrDummy('wrong-password-here', null)).resolves.toBe(false);
    expect(counter.calls() - beforeUnknown).toBe(2);
  });

  it('runs the KDF even for a malformed stored hash', async () => {
    const counter = countingKdf();
    const timed = new PasswordHasher({ params: fast, kdf: counter.kdf });
    await timed.verify('x', 'not-a-hash');
    expect(counter.calls()).toBeGreaterThanOrEqual(1);
  });

  it('works with the production parameters (N = 2^17, r = 8, p = 1)', async () => {
    const production = new PasswordHasher();
    const encoded = await production.hash('violet-tractor-harbour-42');
    expect(encoded.startsWith('$scrypt$ln=17,r=8,p=1$')).toBe(true);
    await expect(production.verify('violet-tractor-harbour-42', encoded)).resolves.toBe(true);
    expect(production.needsRehash(encoded)).toBe(false);
  }, 20_000);
});
