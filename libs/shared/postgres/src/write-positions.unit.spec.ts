import { WritePositions } from './write-positions.js';

describe('the write positions a replica must have replayed, per organization', () => {
  it('asks nothing of an organization this process has not written', () => {
    expect(new WritePositions().required('org-a')).toBe(0n);
  });

  it('keeps the highest position of an organization, and forgets it once a replica has replayed it', () => {
    const positions = new WritePositions();
    positions.remember('org-a', 200n);
    positions.remember('org-a', 100n); // a later answer with an older position (concurrent commands)
    expect(positions.required('org-a')).toBe(200n);
    positions.covered('org-a', 199n);
    expect(positions.required('org-a')).toBe(200n);
    positions.covered('org-a', 200n);
    expect(positions.size).toBe(0);
    expect(positions.required('org-a')).toBe(0n);
  });

  it('stays bounded: the least recently written organization folds into a floor every read must see, never into a stale read', () => {
    const positions = new WritePositions(2);
    positions.remember('org-a', 100n);
    positions.remember('org-b', 300n);
    positions.remember('org-a', 150n); // org-a is now the most recent
    positions.remember('org-c', 200n); // evicts org-b (300)
    expect(positions.size).toBe(2);
    expect(positions.required('org-b')).toBe(300n);
    expect(positions.required('org-a')).toBe(300n);
    expect(positions.required('never-written')).toBe(300n);
  });
});
