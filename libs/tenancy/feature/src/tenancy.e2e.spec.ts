import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@weft/eventstore';
import { streamIdOf } from '@weft/kernel';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform } from '@weft/testing';
import { issueInvitationToken } from './invitations/invitation-token.js';

// Organizations, members, invitations, teams and API keys over HTTP against one started
// platform (PostgreSQL server), with a user of every organization role.

interface Org {
  id: string;
  name: string;
  slug: string;
  ownerId: string;
  subscriptionStatus: string;
  trialEndsAt: string;
  isActive: boolean;
  settings: Record<string, unknown>;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
interface Member {
  userId: string;
  role: string;
  email: string;
}

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-tenancy-e2e-'));
const SLOW = 60_000;

const as = (user: TestUser) => ({ token: user.token });

async function createOrg(owner: TestUser, name = 'Acme Corp', slug?: string): Promise<Org> {
  const answer = await api.post<Org>('/api/v1/orgs', { name, ...(slug ? { slug } : {}) }, as(owner));
  expect(answer.status).toBe(201);
  return answer.body;
}

/** Invites a fresh user with `role` and lets them accept; returns the member. */
async function addMember(org: Org, inviter: TestUser, role: string): Promise<TestUser> {
  const user = await registerUser(api, `${role} user`);
  const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${org.id}/invitations`, { email: user.email, role }, as(inviter));
  expect(invitation.status).toBe(201);
  const accepted = await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, as(user));
  expect(accepted.status).toBe(201);
  return user;
}

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
  api = new ApiClient(platform.baseUrl);
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('organizations', () => {
  it('creates an organization owned by the caller, on trial, and the next reads see it', async () => {
    const owner = await registerUser(api);
    const org = await createOrg(owner, 'Initech Labs');
    expect(org).toMatchObject({ name: 'Initech Labs', slug: 'initech-labs', ownerId: owner.id, subscriptionStatus: 'trial', isActive: true });
    expect(Date.parse(org.trialEndsAt)).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
    const mine = await api.get<Page<{ id: string; role: string }>>('/api/v1/orgs', as(owner));
    expect(mine.body.data).toEqual([expect.objectContaining({ id: org.id, role: 'owner', slug: 'initech-labs' })]);
    const me = await api.get<{ organizations: unknown[] }>('/api/v1/me', as(owner));
    expect(me.body.organizations).toEqual([{ id: org.id, name: 'Initech Labs', slug: 'initech-labs', role: 'owner' }]);
    const one = await api.get<Org & { role: string }>(`/api/v1/orgs/${org.id}`, as(owner));
    expect(one.body).toMatchObject({ id: org.id, role: 'owner' });
  });

  it('generates a unique slug with a suffix on collision, and refuses a taken or invalid one', async () => {
    const owner = await registerUser(api);
    const name = `Globex ${randomUUID().slice(0, 6)}`;
    const first = await createOrg(owner, name);
    const second = await createOrg(owner, name);
    expect(second.slug).toBe(`${first.slug}-2`);
    const taken = await api.post('/api/v1/orgs', { name: 'Other', slug: first.slug }, as(owner));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'tenancy.slug_taken', errors: [{ field: 'slug', message: 'is already taken' }] });
    const invalid = await api.post('/api/v1/orgs', { name: 'Other', slug: 'Not A Slug' }, as(owner));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    const unknownField = await api.post('/api/v1/orgs', { name: 'Other', plan: 'enterprise' }, as(owner));
    expect(unknownField.status).toBe(400);
    expect(unknownField.body['errors']).toEqual([expect.objectContaining({ field: 'plan' })]);
  });

  it(
    'gives an explicit slug to exactly one of concurrent creations',
    async () => {
      const owner = await registerUser(api);
      const slug = `race-${randomUUID().slice(0, 8)}`;
      const answers = await Promise.all([1, 2, 3, 4].map(() => api.post('/api/v1/orgs', { name: 'Race', slug }, as(owner))));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    },
    SLOW,
  );

  it(
    'lets owners and admins change name, description and preferences, nobody else',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const admin = await addMember(org, owner, 'admin');
      const member = await addMember(org, owner, 'member');
      const auditor = await addMember(org, owner, 'auditor');
      const changed = await api.patch<Org>(
        `/api/v1/orgs/${org.id}`,
        { name: 'Acme Renamed', settings: { timezone: 'Europe/Berlin', theme: 'dark' } },
        as(admin),
      );
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Acme Renamed', settings: expect.objectContaining({ timezone: 'Europe/Berlin', theme: 'dark' }) });
      for (const user of [member, auditor]) expect((await api.patch(`/api/v1/orgs/${org.id}`, { name: 'Nope' }, as(user))).status).toBe(403);
      expect((await api.patch(`/api/v1/orgs/${org.id}`, { settings: { limits: { workflows: 1000 } } }, as(owner))).status).toBe(400);
      expect((await api.patch(`/api/v1/orgs/${org.id}`, { settings: { timezone: 'Mars/Olympus' } }, as(owner))).status).toBe(400);
    },
    SLOW,
  );

  it(
    'lets owners and admins set the retention in settings, refusing invalid values with 422 field errors',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const admin = await addMember(org, owner, 'admin');
      const member = await addMember(org, owner, 'member');
      expect(org.settings).not.toHaveProperty('executionRetentionDays');
      const set = await api.patch<Org>(`/api/v1/orgs/${org.id}`, { settings: { executionRetentionDays: 30, executionLogRetentionDays: 7 } }, as(admin));
      expect(set.status).toBe(200);
      expect(set.body.settings).toMatchObject({ executionRetentionDays: 30, executionLogRetentionDays: 7, timezone: 'UTC' });
      expect((await api.get<Org>(`/api/v1/orgs/${org.id}`, as(owner))).body.settings).toMatchObject({
        executionRetentionDays: 30,
        executionLogRetentionDays: 7,
      });
      expect((await api.patch(`/api/v1/orgs/${org.id}`, { settings: { executionRetentionDays: 10 } }, as(member))).status).toBe(403);

      const refused = async (settings: Record<string, unknown>) => {
        const answer = await api.patch(`/api/v1/orgs/${org.id}`, { settings }, as(owner));
        expect(answer.status).toBe(422);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body).toMatchObject({ status: 422, code: 'organization.retention_invalid' });
        return (answer.body['errors'] as { field: string; message: string }[]).map((e) => e.field);
      };
      expect(await refused({ executionRetentionDays: 0 })).toEqual(['settings.executionRetentionDays']);
      expect(await refused({ executionRetentionDays: 3651 })).toEqual(['settings.executionRetentionDays']);
      expect(await refused({ executionRetentionDays: 1.5, executionLogRetentionDays: '7' })).toEqual([
        'settings.executionRetentionDays',
        'settings.executionLogRetentionDays',
      ]);
      // Logs not longer than executions, checked against the current value (30 days).
      expect(await refused({ executionLogRetentionDays: 60 })).toEqual(['settings.executionLogRetentionDays']);
      expect(await refused({ executionRetentionDays: 5 })).toEqual(['settings.executionLogRetentionDays']);
      expect((await api.get<Org>(`/api/v1/orgs/${org.id}`, as(owner))).body.settings).toMatchObject({
        executionRetentionDays: 30,
        executionLogRetentionDays: 7,
      });

      // null: back to the platform default.
      const cleared = await api.patch<Org>(
        `/api/v1/orgs/${org.id}`,
        { settings: { executionRetentionDays: null, executionLogRetentionDays: null } },
        as(owner),
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body.settings).not.toHaveProperty('executionRetentionDays');
      expect(cleared.body.settings).not.toHaveProperty('executionLogRetentionDays');
      expect((await api.patch(`/api/v1/orgs/${org.id}`, { settings: { executionRetentionDays: 3650, executionLogRetentionDays: 1 } }, as(owner))).status).toBe(
        200,
      );
    },
    SLOW,
  );

  it('keeps the current organization as a preference of the user, only among their organizations', async () => {
    const owner = await registerUser(api);
    const org = await createOrg(owner);
    const foreign = await createOrg(await registerUser(api));
    const set = await api.patch<{ currentOrganizationId: string | null; name: string }>(
      '/api/v1/me',
      { currentOrganizationId: org.id, name: 'Renamed Owner' },
      as(owner),
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ currentOrganizationId: org.id, name: 'Renamed Owner' });
    const refused = await api.patch('/api/v1/me', { currentOrganizationId: foreign.id }, as(owner));
    expect(refused.status).toBe(422);
    expect(refused.body['errors']).toEqual([expect.objectContaining({ field: 'currentOrganizationId' })]);
    expect((await api.patch('/api/v1/me', { currentOrganizationId: 'nope' }, as(owner))).status).toBe(400);
    const cleared = await api.patch<{ currentOrganizationId: string | null }>('/api/v1/me', { currentOrganizationId: null }, as(owner));
    expect(cleared.body.currentOrganizationId).toBeNull();
  });

  it('answers 401 without credentials, and 404 for an organization that does not exist', async () => {
    const user = await registerUser(api);
    expect((await api.get(`/api/v1/orgs/${randomUUID()}`)).status).toBe(401);
    expect((await api.get(`/api/v1/orgs/${randomUUID()}`, as(user))).status).toBe(404);
    expect((await api.get('/api/v1/orgs/not-a-uuid', as(user))).status).toBe(404);
    expect((await api.patch(`/api/v1/orgs/${randomUUID()}`, { name: 'x' }, as(user))).status).toBe(403);
  });
});

describe('members and invitations', () => {
  it(
    'an invited user joins with the invited role and appears in the member list',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const member = await addMember(org, owner, 'member');
      const members = await api.get<Page<Member>>(`/api/v1/orgs/${org.id}/members`, as(member));
      expect(members.status).toBe(200);
      expect(members.body.data.map((m) => [m.userId, m.role])).toEqual([
        [owner.id, 'owner'],
        [member.id, 'member'],
      ]);
      expect(members.body.data[1]?.email).toBe(member.email);
      const me = await api.get<{ organizations: { id: string; role: string }[] }>('/api/v1/me', as(member));
      expect(me.body.organizations).toEqual([expect.objectContaining({ id: org.id, role: 'member' })]);
    },
    SLOW,
  );

  it(
    'pages members with a cursor',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      for (const role of ['member', 'member', 'auditor']) await addMember(org, owner, role);
      const first = await api.get<Page<Member>>(`/api/v1/orgs/${org.id}/members?limit=3`, as(owner));
      expect(first.body.data).toHaveLength(3);
      expect(first.body.nextCursor).not.toBeNull();
      const second = await api.get<Page<Member>>(`/api/v1/orgs/${org.id}/members?limit=3&cursor=${first.body.nextCursor}`, as(owner));
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      expect(new Set([...first.body.data, ...second.body.data].map((m) => m.userId)).size).toBe(4);
      expect((await api.get(`/api/v1/orgs/${org.id}/members?limit=500`, as(owner))).status).toBe(400);
      expect((await api.get(`/api/v1/orgs/${org.id}/members?cursor=garbage`, as(owner))).status).toBe(400);
    },
    SLOW,
  );

  it(
    'an invitation is single-use, for the invited address only, and revocable',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const invited = await registerUser(api);
      const stranger = await registerUser(api);
      const invitation = await api.post<{ id: string; token: string; expiresAt: string }>(
        `/api/v1/orgs/${org.id}/invitations`,
        { email: invited.email.toUpperCase(), role: 'member' },
        as(owner),
      );
      expect(invitation.status).toBe(201);
      expect(invitation.body.token).toMatch(/^weft_inv_/);
      const token = invitation.body.token;
      expect((await api.post(`/api/v1/invitations/${token}/accept`, undefined, as(stranger))).status).toBe(403);
      expect((await api.post(`/api/v1/invitations/${token}/accept`, undefined, as(invited))).status).toBe(201);
      expect((await api.post(`/api/v1/invitations/${token}/accept`, undefined, as(invited))).status).toBe(409);
      expect((await api.post(`/api/v1/invitations/weft_inv_garbage/accept`, undefined, as(invited))).status).toBe(404);
      const forged = issueInvitationToken(org.id, invitation.body.id).token;
      expect((await api.post(`/api/v1/invitations/${forged}/accept`, undefined, as(invited))).status).toBe(404);

      const second = await api.post<{ id: string; token: string }>(`/api/v1/orgs/${org.id}/invitations`, { email: stranger.email, role: 'auditor' }, as(owner));
      expect((await api.delete(`/api/v1/orgs/${org.id}/invitations/${second.body.id}`, as(owner))).status).toBe(204);
      expect((await api.post(`/api/v1/invitations/${second.body.token}/accept`, undefined, as(stranger))).status).toBe(409);
    },
    SLOW,
  );

  it('an expired invitation cannot be accepted', async () => {
    const owner = await registerUser(api);
    const org = await createOrg(owner);
    const invited = await registerUser(api);
    // An invitation issued eight days ago with a seven-day life, as the store would hold it.
    const invitationId = randomUUID();
    const { token, tokenHash } = issueInvitationToken(org.id, invitationId);
    const store = new PostgresEventStore(database.db);
    const streamId = streamIdOf('tenancy', 'Organization', org.id);
    const version = (await store.readStream(streamId)).at(-1)!.streamVersion;
    const day = 24 * 3600 * 1000;
    const data = {
      organizationId: org.id,
      invitationId,
      email: invited.email,
      role: 'member',
      tokenHash,
      expiresAt: new Date(Date.now() - day).toISOString(),
      invitedBy: owner.id,
      invitedAt: new Date(Date.now() - 8 * day).toISOString(),
    };
    await store.append(
      streamId,
      [{ eventId: randomUUID(), type: 'MemberInvited', data, schemaVersion: 1, metadata: { organizationId: org.id, actorId: owner.id } }],
      version,
    );
    const answer = await api.post(`/api/v1/invitations/${token}/accept`, undefined, as(invited));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'organization.invitation_expired' });
  });

  it(
    'only owners and admins invite; only an owner invites an owner',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const admin = await addMember(org, owner, 'admin');
      const member = await addMember(org, owner, 'member');
      const auditor = await addMember(org, owner, 'auditor');
      const invite = (by: TestUser, role: string) =>
        api.post(`/api/v1/orgs/${org.id}/invitations`, { email: `x${randomUUID().slice(0, 6)}@example.com`, role }, as(by));
      expect((await invite(admin, 'member')).status).toBe(201);
      expect((await invite(admin, 'owner')).status).toBe(403);
      expect((await invite(owner, 'owner')).status).toBe(201);
      expect((await invite(member, 'member')).status).toBe(403);
      expect((await invite(auditor, 'member')).status).toBe(403);
      expect((await api.post(`/api/v1/orgs/${org.id}/invitations`, { email: 'not-an-email', role: 'member' }, as(owner))).status).toBe(400);
      expect((await api.post(`/api/v1/orgs/${org.id}/invitations`, { email: 'a@example.com', role: 'superuser' }, as(owner))).status).toBe(400);
    },
    SLOW,
  );

  it(
    'changes roles and removes members by the rules: owners grant ownership, the last owner stays',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const admin = await addMember(org, owner, 'admin');
      const member = await addMember(org, owner, 'member');
      const leaver = await addMember(org, owner, 'auditor');
      const role = (user: TestUser, to: string, by: TestUser) => api.patch<Member>(`/api/v1/orgs/${org.id}/members/${user.id}`, { role: to }, as(by));

      expect((await role(owner, 'member', owner)).body).toMatchObject({ code: 'organization.last_owner' });
      expect((await role(owner, 'member', owner)).status).toBe(409);
      expect((await role(member, 'owner', admin)).status).toBe(403);
      expect((await role(owner, 'admin', admin)).status).toBe(403);
      expect((await role(admin, 'owner', member)).status).toBe(403);
      const promoted = await role(member, 'admin', admin);
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ userId: member.id, role: 'admin' });
      expect((await role(admin, 'owner', owner)).status).toBe(200);
      expect((await role(owner, 'admin', owner)).status).toBe(200); // another owner remains

      expect((await api.delete(`/api/v1/orgs/${org.id}/members/${leaver.id}`, as(leaver))).status).toBe(204);
      expect((await api.get(`/api/v1/orgs/${org.id}`, as(leaver))).status).toBe(404);
      expect((await api.delete(`/api/v1/orgs/${org.id}/members/${admin.id}`, as(admin))).status).toBe(409); // now the last owner
      expect((await api.delete(`/api/v1/orgs/${org.id}/members/${member.id}`, as(owner))).status).toBe(204);
      expect((await api.delete(`/api/v1/orgs/${org.id}/members/${randomUUID()}`, as(admin))).status).toBe(404);
      const members = await api.get<Page<Member>>(`/api/v1/orgs/${org.id}/members`, as(admin));
      expect(members.body.data.map((m) => [m.userId, m.role]).sort()).toEqual(
        [
          [owner.id, 'admin'],
          [admin.id, 'owner'],
        ].sort(),
      );
    },
    SLOW,
  );
});

describe('teams', () => {
  it(
    'creates, lists, reads, changes and deletes teams; slugs are unique per organization and freed on delete',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const member = await addMember(org, owner, 'member');
      const created = await api.post<{ id: string; slug: string; color: string }>(
        `/api/v1/orgs/${org.id}/teams`,
        { name: 'Platform', color: '#22C55E' },
        as(owner),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ slug: 'platform', color: '#22c55e' });
      expect((await api.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Other', slug: 'platform' }, as(owner))).status).toBe(409);
      expect((await api.post<{ slug: string }>(`/api/v1/orgs/${org.id}/teams`, { name: 'Platform' }, as(owner))).body.slug).toBe('platform-2');
      expect((await api.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Mine' }, as(member))).status).toBe(403);
      expect((await api.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Bad', color: 'green' }, as(owner))).status).toBe(400);

      const other = await createOrg(owner, 'Second Org');
      expect((await api.post<{ slug: string }>(`/api/v1/orgs/${other.id}/teams`, { name: 'Platform' }, as(owner))).body.slug).toBe('platform');

      const list = await api.get<Page<{ slug: string }>>(`/api/v1/orgs/${org.id}/teams?limit=1`, as(member));
      expect(list.body.data.map((t) => t.slug)).toEqual(['platform']);
      const rest = await api.get<Page<{ slug: string }>>(`/api/v1/orgs/${org.id}/teams?cursor=${list.body.nextCursor}`, as(member));
      expect(rest.body.data.map((t) => t.slug)).toEqual(['platform-2']);

      const changed = await api.patch<{ name: string; description: string }>(
        `/api/v1/orgs/${org.id}/teams/${created.body.id}`,
        { name: 'Platform Eng', description: 'Runs it' },
        as(owner),
      );
      expect(changed.body).toMatchObject({ name: 'Platform Eng', description: 'Runs it' });
      expect((await api.patch(`/api/v1/orgs/${org.id}/teams/${created.body.id}`, { name: 'Hijack' }, as(member))).status).toBe(403);

      expect((await api.delete(`/api/v1/orgs/${org.id}/teams/${created.body.id}`, as(member))).status).toBe(403);
      expect((await api.delete(`/api/v1/orgs/${org.id}/teams/${created.body.id}`, as(owner))).status).toBe(204);
      expect((await api.get(`/api/v1/orgs/${org.id}/teams/${created.body.id}`, as(owner))).status).toBe(404);
      expect((await api.post<{ slug: string }>(`/api/v1/orgs/${org.id}/teams`, { name: 'Platform' }, as(owner))).body.slug).toBe('platform');
    },
    SLOW,
  );

  it(
    'adds organization members to a team; a lead manages the team, outsiders cannot join',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const lead = await addMember(org, owner, 'member');
      const member = await addMember(org, owner, 'member');
      const outsider = await registerUser(api);
      const team = (await api.post<{ id: string }>(`/api/v1/orgs/${org.id}/teams`, { name: 'Data' }, as(owner))).body;
      const members = `/api/v1/orgs/${org.id}/teams/${team.id}/members`;
      expect((await api.post(members, { userId: lead.id, role: 'lead' }, as(owner))).status).toBe(201);
      expect((await api.post(members, { userId: member.id }, as(member))).status).toBe(403);
      expect((await api.post(members, { userId: member.id }, as(lead))).status).toBe(201);
      expect((await api.post(members, { userId: outsider.id }, as(owner))).status).toBe(422);
      expect((await api.post(members, { userId: 'nope' }, as(owner))).status).toBe(400);
      const read = await api.get<{ memberCount: number; members: { userId: string; role: string }[] }>(`/api/v1/orgs/${org.id}/teams/${team.id}`, as(member));
      expect(read.body.memberCount).toBe(2);
      expect(read.body.members.map((m) => [m.userId, m.role])).toEqual([
        [lead.id, 'lead'],
        [member.id, 'member'],
      ]);
      expect((await api.delete(`${members}/${member.id}`, as(lead))).status).toBe(204);
      expect((await api.delete(`${members}/${lead.id}`, as(lead))).status).toBe(204);
      expect((await api.delete(`${members}/${lead.id}`, as(owner))).status).toBe(404);
    },
    SLOW,
  );
});

describe('API keys', () => {
  it(
    'shows a key once, lists keys without it, authenticates X-API-Key in its organization only, and revokes',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const other = await createOrg(owner, 'Other Org');
      const member = await addMember(org, owner, 'member');
      const created = await api.post<{ id: string; key: string; prefix: string }>(`/api/v1/orgs/${org.id}/api-keys`, { name: 'CI' }, as(owner));
      expect(created.status).toBe(201);
      const { key } = created.body;
      expect(key).toMatch(/^weft_ak_/);
      expect(key.startsWith(created.body.prefix)).toBe(true);
      expect((await api.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'mine' }, as(member))).status).toBe(403);

      const list = await api.get<Page<Record<string, unknown>>>(`/api/v1/orgs/${org.id}/api-keys`, as(owner));
      expect(list.body.data).toHaveLength(1);
      expect(list.text).not.toContain(key);
      expect(Object.keys(list.body.data[0]!)).not.toEqual(expect.arrayContaining(['key', 'keyHash']));

      const byKey = { apiKey: key };
      expect((await api.get(`/api/v1/orgs/${org.id}/teams`, byKey)).status).toBe(200);
      expect((await api.get(`/api/v1/orgs/${org.id}/members`, byKey)).status).toBe(200);
      expect((await api.get(`/api/v1/orgs/${other.id}/teams`, byKey)).status).toBe(404);
      expect((await api.post(`/api/v1/orgs/${org.id}/teams`, { name: 'By key' }, byKey)).status).toBe(403);
      const orgs = await api.get<Page<{ id: string }>>('/api/v1/orgs', byKey);
      expect(orgs.body.data.map((o) => o.id)).toEqual([org.id]);
      expect((await api.get(`/api/v1/orgs/${org.id}/teams`, { apiKey: `${key.slice(0, -1)}x` })).status).toBe(401);
      const used = await api.get<Page<{ lastUsedAt: string | null }>>(`/api/v1/orgs/${org.id}/api-keys`, as(owner));
      expect(used.body.data[0]?.lastUsedAt).not.toBeNull();

      expect((await api.delete(`/api/v1/orgs/${org.id}/api-keys/${created.body.id}`, as(owner))).status).toBe(204);
      expect((await api.get(`/api/v1/orgs/${org.id}/teams`, byKey)).status).toBe(401);
      expect((await api.delete(`/api/v1/orgs/${other.id}/api-keys/${created.body.id}`, as(owner))).status).toBe(404);
    },
    SLOW,
  );
});

describe('the auditor role', () => {
  it(
    'reads the organization, its members and teams, and changes nothing',
    async () => {
      const owner = await registerUser(api);
      const org = await createOrg(owner);
      const auditor = await addMember(org, owner, 'auditor');
      const team = (await api.post<{ id: string }>(`/api/v1/orgs/${org.id}/teams`, { name: 'Ops' }, as(owner))).body;
      for (const route of [
        `/api/v1/orgs/${org.id}`,
        `/api/v1/orgs/${org.id}/members`,
        `/api/v1/orgs/${org.id}/teams`,
        `/api/v1/orgs/${org.id}/teams/${team.id}`,
      ]) {
        expect((await api.get(route, as(auditor))).status).toBe(200);
      }
      expect((await api.post(`/api/v1/orgs/${org.id}/teams`, { name: 'x' }, as(auditor))).status).toBe(403);
      expect((await api.patch(`/api/v1/orgs/${org.id}/teams/${team.id}`, { name: 'x' }, as(auditor))).status).toBe(403);
      expect((await api.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'x' }, as(auditor))).status).toBe(403);
      expect((await api.patch(`/api/v1/orgs/${org.id}/members/${owner.id}`, { role: 'member' }, as(auditor))).status).toBe(403);
    },
    SLOW,
  );
});
