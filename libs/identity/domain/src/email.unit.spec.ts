import fc from 'fast-check';
import { UserError } from '@weft/kernel';
import { isValidEmail, normalizeEmail, parseEmail } from './email.js';

describe('email', () => {
  it('normalises by trimming and lower-casing', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('accepts ordinary addresses, including plus and subdomains', () => {
    for (const email of ['ada@example.com', 'ada+weft@mail.example.co.uk', 'o’neil@example.io', 'a_b-c@ex-ample.org']) expect(isValidEmail(email)).toBe(true);
  });

  it('refuses malformed addresses', () => {
    const bad = [
      '',
      'ada',
      'ada@',
      '@example.com',
      'ada@example',
      'ada@@example.com',
      'a da@example.com',
      'ada@-example.com',
      '.ada@example.com',
      'ada..l@example.com',
      'ada@example.c',
    ];
    for (const email of bad) expect(isValidEmail(email)).toBe(false);
  });

  it('refuses addresses beyond the RFC 5321 limits', () => {
    expect(isValidEmail(`${'a'.repeat(65)}@example.com`)).toBe(false);
    expect(isValidEmail(`ada@${'a'.repeat(250)}.com`)).toBe(false);
  });

  it('parses to the normalised form or throws a validation error naming the field', () => {
    expect(parseEmail(' ADA@example.com')).toBe('ada@example.com');
    expect(() => parseEmail('nope')).toThrow(UserError);
    try {
      parseEmail('nope');
    } catch (error) {
      expect((error as UserError).details.errors).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
    }
  });

  it('property: normalisation is idempotent and keeps validity', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normalizeEmail(email);
        expect(normalizeEmail(once)).toBe(once);
        expect(isValidEmail(once)).toBe(isValidEmail(email));
      }),
    );
  });
});
