import { claimFirstFree, slugCandidates, slugFromName } from './slugs.js';

describe('slugs', () => {
  it('makes a slug from a name and numbered candidates within the length', () => {
    expect(slugFromName('  Crème Brûlée & Co.  ', 48)).toBe('creme-brulee-co');
    expect(slugFromName('東京', 48)).toBe('');
    const candidates = slugCandidates('abcdef', 6);
    expect([candidates.next().value, candidates.next().value, candidates.next().value]).toEqual(['abcdef', 'abcd-2', 'abcd-3']);
  });

  it('claims the first free candidate, gives up after the attempts, and passes other errors on', async () => {
    const taken = new Set(['acme', 'acme-2']);
    const claimed: string[] = [];
    const claim = async (slug: string) => {
      if (taken.has(slug)) throw new Error('taken');
      claimed.push(slug);
    };
    const isTaken = (error: unknown) => (error as Error).message === 'taken';
    expect(await claimFirstFree(slugCandidates('acme', 48), 5, claim, isTaken)).toBe('acme-3');
    expect(claimed).toEqual(['acme-3']);
    expect(await claimFirstFree(slugCandidates('acme', 48), 2, claim, isTaken)).toBeUndefined();
    await expect(claimFirstFree(slugCandidates('x', 48), 3, async () => Promise.reject(new Error('db down')), isTaken)).rejects.toThrow('db down');
  });
});
