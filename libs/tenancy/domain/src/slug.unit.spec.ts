import fc from 'fast-check';
import { UserError } from '@weft/kernel';
import { SLUG_MAX_LENGTH, isValidSlug, requireSlug, slugCandidates, slugify, uniqueSlug } from './slug.js';

describe('slugs', () => {
  it('slugifies names: accents dropped, lower case, single hyphens', () => {
    expect(slugify('Acme Corp')).toBe('acme-corp');
    expect(slugify('  Café  Müller & Söhne!! ')).toBe('cafe-muller-sohne');
    expect(slugify('--R&D---Team--')).toBe('r-d-team');
  });

  it('falls back when nothing usable is left, and avoids reserved words', () => {
    expect(slugify('東京')).toBe('org');
    expect(slugify('!!!', 'team')).toBe('team');
    expect(slugify('Admin')).toBe('admin-org');
  });

  it('cuts long names to the maximum without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(SLUG_MAX_LENGTH - 1)} b`);
    expect(slug).toBe('a'.repeat(SLUG_MAX_LENGTH - 1));
  });

  it('validates the format', () => {
    for (const slug of ['acme', 'acme-2', 'r2d2']) expect(isValidSlug(slug)).toBe(true);
    for (const slug of ['a', 'Acme', 'acme--corp', '-acme', 'acme-', 'ac me', 'api', 'x'.repeat(SLUG_MAX_LENGTH + 1)]) expect(isValidSlug(slug)).toBe(false);
    expect(() => requireSlug('Bad Slug')).toThrow(UserError);
  });

  it('suffixes on collision, keeping within the maximum length', async () => {
    const taken = new Set(['acme', 'acme-2']);
    await expect(uniqueSlug('ACME', (slug) => taken.has(slug))).resolves.toBe('acme-3');
    const long = 'b'.repeat(SLUG_MAX_LENGTH);
    const candidates = slugCandidates(long);
    candidates.next();
    expect(candidates.next().value).toBe(`${'b'.repeat(SLUG_MAX_LENGTH - 2)}-2`);
  });

  it('accepts an asynchronous check and gives up after the attempts allowed', async () => {
    await expect(uniqueSlug('acme', async (slug) => slug !== 'acme-4')).resolves.toBe('acme-4');
    await expect(uniqueSlug('acme', () => true, { maxAttempts: 3 })).rejects.toThrow(UserError);
  });

  it('property: slugify always yields a valid slug, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (name) => {
        const slug = slugify(name);
        expect(isValidSlug(slug)).toBe(true);
        expect(slugify(slug)).toBe(slug);
      }),
    );
  });

  it('property: every candidate is a valid slug of at most the maximum length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.integer({ min: 1, max: 200 }), (name, count) => {
        const candidates = slugCandidates(slugify(name));
        for (let i = 0; i < count; i++) expect(isValidSlug(candidates.next().value)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
