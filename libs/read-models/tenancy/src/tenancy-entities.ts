import { defineEntity, p } from '@mikro-orm/postgresql';
import { tenantEntity } from '@weft/orm';

// The tenancy read model's tables as MikroORM entities (docs/read-models-orm.md). The
// projection's DDL (tenancy-tables.ts) still creates, upgrades and rebuilds them; these
// describe them, and tenancy-entities.int.spec.ts fails when the two drift apart.

const tstz = () => p.datetime().columnType('timestamptz');
const ORGANIZATION_ROLES = ['owner', 'admin', 'member', 'auditor'] as const;

export const OrganizationEntity = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    slug: p.text(),
    description: p.text().nullable(),
    ownerId: p.uuid(),
    settings: p.json<Record<string, unknown>>().default('{}'),
    subscriptionStatus: p
      .enum(['trial', 'active', 'past_due', 'canceled', 'unpaid', 'suspended'] as const)
      .columnType('text')
      .default('trial'),
    subscriptionPlan: p.text().nullable(),
    trialStartedAt: tstz().nullable(),
    trialEndsAt: tstz().nullable(),
    subscriptionEndsAt: tstz().nullable(),
    planLimits: p.json<Record<string, number | null>>().nullable(),
    isActive: p.boolean().default(true),
    createdAt: tstz(),
    updatedAt: tstz(),
  },
  uniques: [{ name: 'organizations_slug_key', expression: 'create unique index "organizations_slug_key" on "organizations" ("slug")' }],
  indexes: [{ name: 'organizations_owner_id_idx', properties: ['ownerId'] }],
  ...tenantEntity('id'),
});

export const OrganizationUserEntity = defineEntity({
  name: 'OrganizationUser',
  tableName: 'organization_users',
  properties: {
    organizationId: p.uuid().primary(),
    userId: p.uuid().primary(),
    role: p.enum(ORGANIZATION_ROLES).columnType('text'),
    invitationId: p.uuid().nullable(),
    joinedAt: tstz(),
    updatedAt: tstz(),
  },
  primaryKeys: ['organizationId', 'userId'],
  indexes: [{ name: 'organization_users_user_id_idx', properties: ['userId'] }],
  ...tenantEntity('organizationId'),
});

export const OrganizationInvitationEntity = defineEntity({
  name: 'OrganizationInvitation',
  tableName: 'organization_invitations',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    email: p.text(),
    role: p.enum(ORGANIZATION_ROLES).columnType('text'),
    status: p.enum(['pending', 'accepted', 'revoked'] as const).columnType('text'),
    expiresAt: tstz(),
    invitedBy: p.uuid(),
    invitedAt: tstz(),
    resolvedAt: tstz().nullable(),
  },
  indexes: [{ name: 'organization_invitations_organization_id_idx', properties: ['organizationId', 'invitedAt'] }],
  ...tenantEntity('organizationId'),
});

export const TeamEntity = defineEntity({
  name: 'Team',
  tableName: 'teams',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    slug: p.text(),
    description: p.text().nullable(),
    color: p.text(),
    settings: p.json<Record<string, unknown>>().default('{}'),
    isActive: p.boolean().default(true),
    createdBy: p.uuid(),
    createdAt: tstz(),
    updatedAt: tstz(),
  },
  uniques: [
    { name: 'teams_organization_id_slug_key', expression: 'create unique index "teams_organization_id_slug_key" on "teams" ("organization_id", "slug")' },
  ],
  ...tenantEntity('organizationId'),
});

export const TeamUserEntity = defineEntity({
  name: 'TeamUser',
  tableName: 'team_users',
  properties: {
    teamId: p.uuid().primary(),
    organizationId: p.uuid(),
    userId: p.uuid().primary(),
    role: p.enum(['lead', 'member'] as const).columnType('text'),
    addedBy: p.uuid(),
    addedAt: tstz(),
  },
  primaryKeys: ['teamId', 'userId'],
  indexes: [{ name: 'team_users_organization_id_user_id_idx', properties: ['organizationId', 'userId'] }],
  ...tenantEntity('organizationId'),
});

export const tenancyEntities = [OrganizationEntity, OrganizationUserEntity, OrganizationInvitationEntity, TeamEntity, TeamUserEntity];
