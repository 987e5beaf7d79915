import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { type Database } from '@weft/postgres';
import { MEMBERSHIP_CACHE_TTL_MS, ReadModelMembershipDirectory } from './membership-directory.js';

function directory() {
  const lookups: unknown[][] = [];
  let role: string | null = 'member';
  const db = { query: async (_sql: string, values: unknown[]) => (lookups.push(values), { rows: role === null ? [] : [{ role }] }) } as unknown as Database;
  return { directory: new ReadModelMembershipDirectory(db), lookups, setRole: (next: string | null) => (role = next) };
}

describe('the membership directory of the access guard', () => {
  const org = randomUUID();
  const user = randomUUID();

  it('looks a role up once for a burst of requests', async () => {
    const d = directory();
    expect(await d.directory.roleOf(org, user)).toBe('member');
    expect(await d.directory.roleOf(org, user)).toBe('member');
    expect(d.lookups).toHaveLength(1);
  });

  it("forgets an organization's entries when a command of this process changed its members", async () => {
    const d = directory();
    const other = randomUUID();
    await d.directory.roleOf(org, user);
    await d.directory.roleOf(other, user);
    d.setRole(null);
    d.directory.forgetOrganization(org);
    expect(await d.directory.roleOf(org, user)).toBeNull();
    expect(await d.directory.roleOf(other, user)).toBe('member'); // still cached
    expect(d.lookups).toHaveLength(3);
  });

  it('looks up again once the entry is older than the TTL', async () => {
    const d = directory();
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      await d.directory.roleOf(org, user);
      d.setRole('admin');
      now.mockReturnValue(1_000_000 + MEMBERSHIP_CACHE_TTL_MS + 1);
      expect(await d.directory.roleOf(org, user)).toBe('admin');
    } finally {
      now.mockRestore();
    }
  });
});
