import {
  type InvitationAcceptedData,
  type InvitationRevokedData,
  type MemberInvitedData,
  type MemberRemovedData,
  type MemberRoleChangedData,
  type OrganizationCreatedData,
  type OrganizationUpdatedData,
  type SubscriptionActivatedData,
  type SubscriptionCanceledData,
  type SubscriptionCancellationScheduledData,
  type SubscriptionPlanChangedData,
  type SubscriptionDunningData,
  type SubscriptionRenewedData,
  type SubscriptionTrialStartedData,
  type TeamCreatedData,
  type TeamDeletedData,
  type TeamMemberAddedData,
  type TeamMemberRemovedData,
  type TeamUpdatedData,
} from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { tenancyTables } from './tenancy-tables.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const TENANCY_PROJECTION = 'tenancy';

/** Tenancy's events, and billing's Subscription events for the organization's subscription columns. */
const CONTEXTS = new Set(['tenancy', 'billing']);

/**
 * Organizations, memberships, invitations and teams, from tenancy's public events, and
 * the organization's `subscription_status`, `subscription_plan`, `trial_ends_at` and
 * `subscription_ends_at` from billing's. Every statement is idempotent on its own
 * (upserts, guarded updates), so a redelivered event changes nothing; events of other
 * contexts are ignored by their stream's context.
 */
export const tenancyProjection: ProjectionDefinition = {
  name: TENANCY_PROJECTION,
  tables: tenancyTables,
  async apply(event, tx) {
    if (!CONTEXTS.has(contextOfStream(event.streamId) ?? '')) return;
    for (const statement of statementsFor(event)) await run(tx, statement);
  },
};

interface Statement {
  readonly sql: string;
  readonly values: readonly unknown[];
}

const TABLES = ['organizations', 'organization_users', 'organization_invitations', 'teams', 'team_users'] as const;

async function run(tx: ProjectionTransaction, statement: Statement): Promise<void> {
  const sql = TABLES.reduce((text, table) => text.replaceAll(`$${table}`, tx.table(table)), statement.sql);
  await tx.query(sql, statement.values);
}

function statementsFor(event: RecordedEvent): Statement[] {
  const handler = handlers[event.type];
  return handler ? handler(event.data as never) : [];
}

/** The organization's subscription columns, as billing's Subscription events set them. */
const subscription = (organizationId: string, set: string, values: readonly unknown[]): Statement[] => [
  { sql: `update $organizations set ${set} where id = $1`, values: [organizationId, ...values] },
];

const subscriptionHandlers: Record<string, (data: never) => Statement[]> = {
  SubscriptionTrialStarted: (d: SubscriptionTrialStartedData) =>
    subscription(d.organizationId, `subscription_status = 'trial', subscription_plan = $2, trial_ends_at = $3, subscription_ends_at = null, plan_limits = $4`, [
      d.planSlug,
      d.trialEndsAt,
      JSON.stringify(d.limits),
    ]),
  SubscriptionPlanChanged: (d: SubscriptionPlanChangedData) =>
    subscription(d.organizationId, 'subscription_plan = $2, plan_limits = $3', [d.planSlug, JSON.stringify(d.limits)]),
  SubscriptionActivated: (d: SubscriptionActivatedData) => subscription(d.organizationId, `subscription_status = 'active'`, []),
  // A renewal does not settle what is owed: past due and unpaid stay until dunning's marks say otherwise.
  SubscriptionRenewed: (d: SubscriptionRenewedData) =>
    subscription(
      d.organizationId,
      `subscription_status = case when subscription_status in ('past_due', 'unpaid') then subscription_status else 'active' end`,
      [],
    ),
  SubscriptionPastDue: (d: SubscriptionDunningData) => subscription(d.organizationId, 'subscription_status = $2', [d.status]),
  SubscriptionUnpaid: (d: SubscriptionDunningData) => subscription(d.organizationId, 'subscription_status = $2', [d.status]),
  SubscriptionRecovered: (d: SubscriptionDunningData) => subscription(d.organizationId, 'subscription_status = $2', [d.status]),
  SubscriptionCancellationScheduled: (d: SubscriptionCancellationScheduledData) => subscription(d.organizationId, 'subscription_ends_at = $2', [d.endsAt]),
  SubscriptionCancellationWithdrawn: (d: { organizationId: string }) => subscription(d.organizationId, 'subscription_ends_at = null', []),
  SubscriptionCanceled: (d: SubscriptionCanceledData) =>
    subscription(d.organizationId, `subscription_status = 'canceled', subscription_ends_at = $2, plan_limits = null`, [d.endedAt]),
};

const handlers: Record<string, (data: never) => Statement[]> = {
  ...subscriptionHandlers,
  OrganizationCreated: (d: OrganizationCreatedData) => [
    {
      sql: `insert into $organizations (id, name, slug, description, owner_id, settings, subscription_status, trial_started_at, trial_ends_at, is_active, created_at, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) on conflict do nothing`,
      values: [
        d.organizationId,
        d.name,
        d.slug,
        d.description,
        d.ownerId,
        JSON.stringify(d.settings),
        d.subscriptionStatus,
        d.trialStartedAt,
        d.trialEndsAt,
        d.isActive,
        d.createdAt,
      ],
    },
    membership(d.organizationId, d.ownerId, 'owner', null, d.createdAt),
  ],
  OrganizationUpdated: (d: OrganizationUpdatedData) => [
    {
      sql: `update $organizations set name = coalesce($2, name), description = case when $3::boolean then $4 else description end,
              settings = coalesce($5::jsonb, settings), updated_at = $6 where id = $1`,
      values: [
        d.organizationId,
        d.name ?? null,
        d.description !== undefined,
        d.description ?? null,
        d.settings === undefined ? null : JSON.stringify(d.settings),
        d.updatedAt,
      ],
    },
  ],
  MemberInvited: (d: MemberInvitedData) => [
    {
      sql: `insert into $organization_invitations (id, organization_id, email, role, expires_at, invited_by, invited_at, status)
            values ($1, $2, $3, $4, $5, $6, $7, 'pending') on conflict do nothing`,
      values: [d.invitationId, d.organizationId, d.email, d.role, d.expiresAt, d.invitedBy, d.invitedAt],
    },
  ],
  InvitationAccepted: (d: InvitationAcceptedData) => [
    invitationStatus(d.organizationId, d.invitationId, 'accepted', d.acceptedAt),
    membership(d.organizationId, d.userId, d.role, d.invitationId, d.acceptedAt),
  ],
  InvitationRevoked: (d: InvitationRevokedData) => [invitationStatus(d.organizationId, d.invitationId, 'revoked', d.revokedAt)],
  MemberRoleChanged: (d: MemberRoleChangedData) => [
    {
      sql: `update $organization_users set role = $3, updated_at = $4 where organization_id = $1 and user_id = $2`,
      values: [d.organizationId, d.userId, d.to, d.changedAt],
    },
  ],
  MemberRemoved: (d: MemberRemovedData) => [
    { sql: `delete from $organization_users where organization_id = $1 and user_id = $2`, values: [d.organizationId, d.userId] },
    // Leaving the organization ends its team memberships too.
    { sql: `delete from $team_users where organization_id = $1 and user_id = $2`, values: [d.organizationId, d.userId] },
  ],
  TeamCreated: (d: TeamCreatedData) => [
    {
      sql: `insert into $teams (id, organization_id, name, slug, description, color, settings, created_by, created_at, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) on conflict do nothing`,
      values: [d.teamId, d.organizationId, d.name, d.slug, d.description, d.color, JSON.stringify(d.settings), d.createdBy, d.createdAt],
    },
  ],
  TeamUpdated: (d: TeamUpdatedData) => [
    {
      sql: `update $teams set name = coalesce($3, name), description = case when $4::boolean then $5 else description end, color = coalesce($6, color),
              settings = coalesce($7::jsonb, settings), updated_at = $8 where id = $1 and organization_id = $2`,
      values: [
        d.teamId,
        d.organizationId,
        d.name ?? null,
        d.description !== undefined,
        d.description ?? null,
        d.color ?? null,
        d.settings === undefined ? null : JSON.stringify(d.settings),
        d.updatedAt,
      ],
    },
  ],
  TeamDeleted: (d: TeamDeletedData) => [
    { sql: `delete from $team_users where team_id = $1 and organization_id = $2`, values: [d.teamId, d.organizationId] },
    { sql: `delete from $teams where id = $1 and organization_id = $2`, values: [d.teamId, d.organizationId] },
  ],
  TeamMemberAdded: (d: TeamMemberAddedData) => [
    {
      sql: `insert into $team_users (team_id, organization_id, user_id, role, added_by, added_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (team_id, user_id) do update set role = excluded.role`,
      values: [d.teamId, d.organizationId, d.userId, d.role, d.addedBy, d.addedAt],
    },
  ],
  TeamMemberRemoved: (d: TeamMemberRemovedData) => [
    { sql: `delete from $team_users where team_id = $1 and organization_id = $2 and user_id = $3`, values: [d.teamId, d.organizationId, d.userId] },
  ],
};

function membership(organizationId: string, userId: string, role: string, invitationId: string | null, at: string): Statement {
  return {
    sql: `insert into $organization_users (organization_id, user_id, role, invitation_id, joined_at, updated_at) values ($1, $2, $3, $4, $5, $5)
          on conflict (organization_id, user_id) do update set role = excluded.role, updated_at = excluded.updated_at`,
    values: [organizationId, userId, role, invitationId, at],
  };
}

function invitationStatus(organizationId: string, invitationId: string, status: 'accepted' | 'revoked', at: string): Statement {
  return {
    sql: `update $organization_invitations set status = $3, resolved_at = $4 where id = $1 and organization_id = $2`,
    values: [invitationId, organizationId, status, at],
  };
}
