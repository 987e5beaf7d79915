import { defineEntity, p } from '@mikro-orm/postgresql';
import { tenantEntity } from '@weft/orm';

// The workflows read model's tables as MikroORM entities (docs/read-models-orm.md). The
// projections' DDL (workflows-tables.ts, credentials-tables.ts) still creates, upgrades and
// rebuilds them; these describe them, and workflows-entities.int.spec.ts fails on drift.

const tstz = () => p.datetime().columnType('timestamptz');
const liveOnly = 'deleted_at is null';

export const WorkflowEntity = defineEntity({
  name: 'Workflow',
  tableName: 'workflows',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    teamId: p.uuid().nullable(),
    name: p.text(),
    slug: p.text(),
    description: p.text().nullable(),
    workflowData: p.json<Record<string, unknown>>().lazy(),
    settings: p.json<Record<string, unknown>>().default('{}'),
    tags: p.array().columnType('text[]').defaultRaw(`'{}'`),
    version: p.integer(),
    publishedVersion: p.integer().nullable(),
    activeVersion: p.integer().nullable(),
    status: p.enum(['draft', 'published', 'archived'] as const).columnType('text'),
    isActive: p.boolean().default(false),
    isTemplate: p.boolean().default(false),
    fromTemplateId: p.uuid().nullable(),
    webhooks: p.json<unknown[]>().default('[]'),
    schedules: p.json<unknown[]>().default('[]'),
    executionCount: p.bigint('number').defaultRaw('0'),
    lastExecutedAt: tstz().nullable(),
    createdBy: p.uuid(),
    updatedBy: p.uuid(),
    createdAt: tstz(),
    updatedAt: tstz(),
    publishedAt: tstz().nullable(),
    activatedAt: tstz().nullable(),
    archivedAt: tstz().nullable(),
    deletedAt: tstz().nullable(),
  },
  uniques: [{ name: 'workflows_organization_id_slug_key', properties: ['organizationId', 'slug'], where: liveOnly }],
  indexes: [
    // A raw expression (compared by name): 7.2.5 reads the sort order of `id` from inside
    // `organization_id` when it introspects the declared form, so that form diffs forever.
    {
      name: 'workflows_organization_id_updated_at_idx',
      expression: `create index "workflows_organization_id_updated_at_idx" on "workflows" ("organization_id", "updated_at" desc, "id" desc) where ${liveOnly}`,
    },
    { name: 'workflows_organization_id_status_idx', properties: ['organizationId', 'status'], where: liveOnly },
    { name: 'workflows_organization_id_team_id_idx', properties: ['organizationId', 'teamId'], where: liveOnly },
    { name: 'workflows_tags_idx', properties: ['tags'], type: 'gin' },
  ],
  ...tenantEntity('organizationId'),
});

export const WorkflowVersionEntity = defineEntity({
  name: 'WorkflowVersion',
  tableName: 'workflow_versions',
  properties: {
    workflowId: p.uuid().primary(),
    version: p.integer().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    description: p.text().nullable(),
    teamId: p.uuid().nullable(),
    workflowData: p.json<Record<string, unknown>>().lazy(),
    settings: p.json<Record<string, unknown>>().default('{}'),
    tags: p.array().columnType('text[]').defaultRaw(`'{}'`),
    changed: p.array().columnType('text[]').defaultRaw(`'{}'`),
    createdBy: p.uuid(),
    createdAt: tstz(),
  },
  primaryKeys: ['workflowId', 'version'],
  indexes: [{ name: 'workflow_versions_organization_id_idx', properties: ['organizationId', 'workflowId'] }],
  ...tenantEntity('organizationId'),
});

export const CredentialEntity = defineEntity({
  name: 'Credential',
  tableName: 'credentials',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    type: p.enum(['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2ClientCredentials', 'custom'] as const).columnType('text'),
    isShared: p.boolean().default(false),
    ownerId: p.uuid(),
    expiresAt: tstz().nullable(),
    usageCount: p.bigint('number').defaultRaw('0'),
    lastUsedAt: tstz().nullable(),
    createdBy: p.uuid(),
    updatedBy: p.uuid(),
    createdAt: tstz(),
    updatedAt: tstz(),
    deletedAt: tstz().nullable(),
    referenceType: p
      .text()
      .generated(
        `(case type when 'httpBasicAuth' then 'basic_auth' when 'httpBearerAuth' then 'bearer_token' when 'httpHeaderAuth' then 'api_key' when 'httpQueryAuth' then 'api_key' when 'oAuth2ClientCredentials' then 'oauth2' else 'custom' end) stored`,
      )
      .nullable(),
  },
  indexes: [
    {
      name: 'credentials_organization_id_created_at_idx',
      expression: `create index "credentials_organization_id_created_at_idx" on "credentials" ("organization_id", "created_at" desc, "id" desc) where ${liveOnly}`,
    },
    {
      name: 'credentials_organization_id_type_created_at_idx',
      expression: `create index "credentials_organization_id_type_created_at_idx" on "credentials" ("organization_id", "type", "created_at" desc, "id" desc) where ${liveOnly}`,
    },
    { name: 'credentials_organization_id_expires_at_idx', properties: ['organizationId', 'expiresAt'], where: `expires_at is not null and ${liveOnly}` },
  ],
  ...tenantEntity('organizationId'),
});

export const workflowsEntities = [WorkflowEntity, WorkflowVersionEntity, CredentialEntity];
