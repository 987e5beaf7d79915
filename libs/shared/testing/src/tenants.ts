import { type ApiClient, type TestUser, registerUser } from './api-client.js';

// A tenant with one of every kind of resource, built through the public API, for the
// end-to-end suites that prove one organization cannot see or change another
// (tenant-isolation-suite.ts, apps/platform/src/api-fuzz.e2e.spec.ts).

export interface Tenant {
  readonly owner: TestUser;
  readonly member: TestUser;
  readonly orgId: string;
  /** The organization's API key (its id is `fixtures.apiKeyId`). */
  readonly apiKey: string;
  /** A real id (or token, version) of this tenant for every path parameter of the API. */
  readonly fixtures: Record<string, string>;
  /** The token of the invitation still pending (`fixtures.token` is the accepted one). */
  readonly pendingInvitationToken: string;
  /** The path of the tenant's active webhook (`POST /webhook/<path>`, no authentication). */
  readonly webhookPath: string;
  /** Values of this tenant that must never appear in another tenant's answers. */
  readonly secrets: string[];
}

/**
 * Registers an owner and a member, and gives their new organization a team, an API key,
 * a pending invitation, an active webhook workflow, a credential and a finished
 * execution. `label` must be unique on the platform (it names the webhook path).
 */
export async function createTenant(api: ApiClient, label: string): Promise<Tenant> {
  const owner = await registerUser(api, `${label} Owner`);
  const org = await api.post<{ id: string; slug: string }>('/api/v1/orgs', { name: `${label} Industries` }, { token: owner.token });
  const orgId = org.body.id;
  const member = await registerUser(api, `${label} Member`);
  const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: member.email, role: 'member' }, { token: owner.token });
  await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, { token: member.token });
  const pending = await api.post<{ id: string; token: string }>(
    `/api/v1/orgs/${orgId}/invitations`,
    { email: `pending.${label.toLowerCase()}@example.com`, role: 'auditor' },
    { token: owner.token },
  );
  const team = await api.post<{ id: string; slug: string }>(`/api/v1/orgs/${orgId}/teams`, { name: `${label} Team` }, { token: owner.token });
  await api.post(`/api/v1/orgs/${orgId}/teams/${team.body.id}/members`, { userId: member.id }, { token: owner.token });
  const key = await api.post<{ id: string; key: string; prefix: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: `${label} key` }, { token: owner.token });
  const webhookPath = `${label.toLowerCase()}-orders`;
  const workflow = await api.post<{ id: string; slug: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    { name: `${label} Flow`, nodes: [{ id: 'hook', type: 'webhookTrigger', properties: { path: webhookPath, method: 'POST' } }], connections: [] },
    { token: owner.token },
  );
  await api.post(`/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/activate`, {}, { token: owner.token });
  const credential = await api.post<{ id: string }>(
    `/api/v1/orgs/${orgId}/credentials`,
    { name: `${label} Vault`, type: 'httpBearerAuth', data: { token: `${label}-bearer-secret` } },
    { token: owner.token },
  );
  const run = await api.post<{ executionId: string }>(
    `/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/run`,
    { input: { label }, wait: true },
    { token: owner.token },
  );
  expect(run.status).toBe(200);
  for (const answer of [org, invitation, pending, team, key, workflow, credential]) expect(answer.status).toBe(201);
  return {
    owner,
    member,
    orgId,
    apiKey: key.body.key,
    fixtures: {
      orgId,
      teamId: team.body.id,
      userId: member.id,
      apiKeyId: key.body.id,
      invitationId: pending.body.id,
      token: invitation.body.token,
      workflowId: workflow.body.id,
      version: '1',
      credentialId: credential.body.id,
      executionId: run.body.executionId,
      // The shape of the organization's invoice ids: in its trial it has none yet (a real one's isolation: invoices.e2e).
      invoiceId: `${orgId}_20260101T000000Z`,
    },
    pendingInvitationToken: pending.body.token,
    webhookPath,
    secrets: [
      orgId,
      org.body.slug,
      `${label} Industries`,
      team.body.id,
      `${label} Team`,
      member.id,
      member.email,
      owner.email,
      key.body.id,
      key.body.prefix,
      key.body.key,
      pending.body.id,
      workflow.body.id,
      `${label} Flow`,
      webhookPath,
      credential.body.id,
      `${label} Vault`,
      `${label}-bearer-secret`,
      run.body.executionId,
    ],
  };
}

/** The read routes of a tenant's organization and of each of its resources. */
export function tenantReadRoutes(t: Tenant): string[] {
  const org = `/api/v1/orgs/${t.orgId}`;
  return [
    org,
    `${org}/members`,
    `${org}/teams`,
    `${org}/teams/${t.fixtures['teamId']}`,
    `${org}/api-keys`,
    `${org}/workflows`,
    `${org}/workflows/${t.fixtures['workflowId']}`,
    `${org}/workflows/${t.fixtures['workflowId']}/versions`,
    `${org}/credentials`,
    `${org}/credentials/${t.fixtures['credentialId']}`,
    `${org}/executions`,
    `${org}/executions/${t.fixtures['executionId']}`,
  ];
}

/**
 * Everything the owner of `t` can read of it at `routes` (default: tenantReadRoutes), to
 * compare before and after. `lastUsedAt` of API keys moves with use and is left out;
 * everything else must stay byte for byte.
 */
export async function readTenant(api: ApiClient, t: Tenant, routes: readonly string[] = tenantReadRoutes(t)): Promise<string[]> {
  const as = { token: t.owner.token };
  return Promise.all(routes.map(async (route) => `${route} ${(await api.get(route, as)).text.replace(/"lastUsedAt":("[^"]*"|null)/g, '')}`));
}
