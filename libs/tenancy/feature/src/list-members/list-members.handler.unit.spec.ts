import { randomUUID } from 'node:crypto';
import { type UserDirectory, type UserSummary } from '@weft/ports';
import { type Database, QueryDatabase } from '@weft/postgres';
import { ListMembersHandler } from './list-members.handler.js';
import { ListMembersQuery } from './list-members.query.js';

// Tenancy does not read identity's `users`: a page of memberships from its own table,
// then the names and emails from identity's USER_DIRECTORY port, in one call per page.

const organizationId = randomUUID();
const [alice, bob, gone] = [randomUUID(), randomUUID(), randomUUID()];
const joined = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

function database(rows: { user_id: string; role: string; joined_at: Date }[]): { db: QueryDatabase; sql: string[] } {
  const sql: string[] = [];
  const tx = { query: async (text: string) => (sql.push(text), { rows }) };
  const primary = { transaction: async (work: (t: typeof tx) => Promise<unknown>) => work(tx) } as unknown as Database;
  return { db: QueryDatabase.primaryOnly(primary), sql };
}

function directory(known: UserSummary[]): UserDirectory & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    usersByIds: async (ids) => (calls.push([...ids]), new Map(known.filter((user) => ids.includes(user.id)).map((user) => [user.id, user]))),
  };
}

describe('listing members', () => {
  it('fills names and emails from the user directory with one call per page, in the answer shape of old', async () => {
    const { db, sql } = database([
      { user_id: alice, role: 'owner', joined_at: joined(1) },
      { user_id: bob, role: 'member', joined_at: joined(2) },
      { user_id: gone, role: 'auditor', joined_at: joined(3) },
    ]);
    const users = directory([
      { id: alice, name: 'Alice', email: 'alice@example.com', emailVerified: true },
      { id: bob, name: 'Bob', email: 'bob@example.com', emailVerified: false },
    ]);
    const page = await new ListMembersHandler(db, users).execute(new ListMembersQuery(organizationId, 2, undefined));
    expect(users.calls).toEqual([[alice, bob]]);
    expect(page.data).toEqual([
      { userId: alice, name: 'Alice', email: 'alice@example.com', role: 'owner', joinedAt: joined(1).toISOString() },
      { userId: bob, name: 'Bob', email: 'bob@example.com', role: 'member', joinedAt: joined(2).toISOString() },
    ]);
    expect(Object.keys(page.data[0]!)).toEqual(['userId', 'name', 'email', 'role', 'joinedAt']);
    expect(page.nextCursor).not.toBeNull();
    expect(sql.join(' ')).not.toMatch(/\busers\b/);
  });

  it('answers null name and email for a member identity does not know, and asks nothing for an empty page', async () => {
    const known = directory([]);
    const one = await new ListMembersHandler(database([{ user_id: gone, role: 'member', joined_at: joined(1) }]).db, known).execute(
      new ListMembersQuery(organizationId, 50, undefined),
    );
    expect(one.data).toEqual([{ userId: gone, name: null, email: null, role: 'member', joinedAt: joined(1).toISOString() }]);
    const empty = directory([]);
    expect((await new ListMembersHandler(database([]).db, empty).execute(new ListMembersQuery(organizationId, 50, undefined))).data).toEqual([]);
    expect(empty.calls).toEqual([]);
  });
});
