import fc from 'fast-check';
import { UserError } from '@weft/kernel';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, assertPasswordAcceptable, passwordProblems } from './password-policy.js';

const codes = (password: string, email?: string) => passwordProblems(password, { email }).map((problem) => problem.code);

describe('password policy', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblems('violet-tractor-harbour-42')).toEqual([]);
  });

  it('refuses short passwords, counting code points, and says how long they are', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    const [problem] = passwordProblems('short-pw1');
    expect(problem?.code).toBe('too_short');
    expect(problem?.message).toContain('at least 12');
    expect(problem?.message).toContain('has 9');
    expect(codes('ünïcödé-pw🙂ab')).toEqual([]);
    expect(codes('🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂')).toEqual(['too_short']);
  });

  it('refuses passwords over the maximum', () => {
    expect(codes('abc1!xyz'.repeat(PASSWORD_MAX_LENGTH / 8))).toEqual([]);
    expect(codes('abc1!xyz'.repeat(PASSWORD_MAX_LENGTH / 8) + 'x')).toEqual(['too_long']);
  });

  it('ships a list of a few hundred common passwords', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
    expect(COMMON_PASSWORDS.every((password) => password === password.toLowerCase())).toBe(true);
  });

  it('refuses common passwords whatever their case', () => {
    expect(codes('Password1234')).toEqual(['common']);
    expect(codes('QWERTYUIOP123')).toEqual(['common']);
  });

  it('refuses common passwords with digits or symbols around them, naming the base', () => {
    const [problem] = passwordProblems('Password123456!');
    expect(problem).toEqual({ code: 'common_variant', message: expect.stringContaining('"password"') as unknown as string });
    expect(codes('!!letmein2026!!')).toEqual(['common_variant']);
  });

  it('refuses keyboard, letter and number sequences, either way round', () => {
    for (const password of ['123456789012', '9876543210987', 'abcdefghijklm', 'QWERTYUIOPASD', 'mnbvcxzlkjhgf', '1qaz2wsx3edc4rfv'])
      expect(codes(password)).toContain('sequence');
    expect(codes('violet-tractor-harbour-42')).toEqual([]);
  });

  it('refuses passwords containing the email local part', () => {
    expect(codes('my-ada.lovelace-rocks', 'Ada.Lovelace@example.com')).toEqual(['contains_email']);
    expect(codes('violet-tractor-harbour-42', 'ada.lovelace@example.com')).toEqual([]);
  });

  it('ignores a local part too short to matter', () => {
    expect(codes('violet-tractor-harbour-42', 'vi@example.com')).toEqual([]);
  });

  it('refuses passwords with very few distinct characters', () => {
    expect(codes('abababababababab')).toEqual(['repetitive']);
  });

  it('reports every problem at once', () => {
    expect(codes('zzzzzzzzzzzzzzzz', 'zzzz@example.com')).toEqual(['contains_email', 'repetitive']);
  });

  it('throws a validation error with one field error per problem', () => {
    expect(() => assertPasswordAcceptable('violet-tractor-harbour-42')).not.toThrow();
    try {
      assertPasswordAcceptable('password', { email: 'a@example.com' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      const userError = error as UserError;
      expect([userError.kind, userError.code]).toEqual(['validation', 'user.password_weak']);
      expect(userError.details.errors).toEqual([{ field: 'password', message: expect.stringContaining('at least 12') as unknown as string }]);
    }
  });

  it('property: every refusal says why, and acceptance means no problems', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), fc.emailAddress(), (password, email) => {
        const problems = passwordProblems(password, { email });
        expect(problems.every((problem) => problem.message.length > 10)).toBe(true);
        if ([...password].length < PASSWORD_MIN_LENGTH) expect(problems.map((problem) => problem.code)).toEqual(['too_short']);
      }),
    );
  });
});
