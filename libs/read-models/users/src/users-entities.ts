import { defineEntity, p } from '@mikro-orm/postgresql';
import { tenantEntity } from '@weft/orm';

// The users read model's tables as MikroORM entities (docs/read-models-orm.md). The
// projection's DDL still creates, upgrades and rebuilds the tables; these describe them,
// column for column, and users-entities.int.spec.ts fails when the two drift apart.

const tstz = () => p.datetime().columnType('timestamptz');

export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    email: p.text(),
    role: p.enum(['user', 'admin', 'super_admin'] as const).columnType('text'),
    emailVerified: p.boolean().default(false),
    currentOrganizationId: p.uuid().nullable(),
    isActive: p.boolean().default(true),
    createdAt: tstz(),
    updatedAt: tstz(),
    lastLoginAt: tstz().nullable(),
    deactivatedAt: tstz().nullable(),
    deactivatedBy: p.uuid().nullable(),
    deactivationReason: p.text().nullable(),
    reactivatedAt: tstz().nullable(),
  },
  uniques: [{ name: 'users_email_key', expression: 'create unique index "users_email_key" on "users" (lower(email))' }],
});

export const ApiKeyEntity = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    prefix: p.text(),
    // Never selected unless asked for: no list may carry it.
    keyHash: p.text().lazy().hidden(),
    createdBy: p.uuid(),
    createdAt: tstz(),
    expiresAt: tstz().nullable(),
    revokedAt: tstz().nullable(),
    lastUsedAt: tstz().nullable(),
  },
  uniques: [{ name: 'api_keys_key_hash_key', properties: ['keyHash'] }],
  indexes: [{ name: 'api_keys_organization_id_created_at_idx', properties: ['organizationId', 'createdAt', 'id'] }],
  ...tenantEntity('organizationId'),
});

export const usersEntities = [UserEntity, ApiKeyEntity];
