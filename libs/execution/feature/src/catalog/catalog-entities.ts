import { defineEntity, p } from '@mikro-orm/postgresql';
import { tenantEntity } from '@weft/orm';

// The execution catalog's tables as MikroORM entities (docs/read-models-orm.md). The
// projection's DDL (catalog-tables.ts) still creates, upgrades and rebuilds them; these
// describe them, and catalog-entities.int.spec.ts fails on drift. The routing tables have
// no tenant filter or policy, on purpose: they are read before a tenant is known.

const tstz = () => p.datetime().columnType('timestamptz');
const position = () => p.bigint('number');

export const CatalogWorkflowVersionEntity = defineEntity({
  name: 'CatalogWorkflowVersion',
  tableName: 'execution_workflow_versions',
  properties: {
    workflowId: p.uuid().primary(),
    version: p.integer().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    definition: p.json<Record<string, unknown>>().lazy(),
    createdBy: p.uuid(),
    authoredBy: p.uuid().nullable(),
    createdAt: tstz(),
    position: position(),
  },
  primaryKeys: ['workflowId', 'version'],
  indexes: [{ name: 'execution_workflow_versions_org_idx', properties: ['organizationId', 'workflowId'] }],
  ...tenantEntity('organizationId'),
});

export const ActiveWorkflowEntity = defineEntity({
  name: 'ActiveWorkflow',
  tableName: 'execution_active_workflows',
  properties: {
    workflowId: p.uuid().primary(),
    organizationId: p.uuid(),
    version: p.integer(),
    ownerId: p.uuid().nullable(),
    webhooks: p.json<unknown[]>().default('[]'),
    schedules: p.json<unknown[]>().default('[]'),
    activatedBy: p.uuid().nullable(),
    activatedAt: tstz(),
    position: position(),
  },
  indexes: [{ name: 'execution_active_workflows_org_idx', properties: ['organizationId'] }],
  ...tenantEntity('organizationId'),
});

export const WebhookRouteEntity = defineEntity({
  name: 'WebhookRoute',
  tableName: 'execution_webhook_routes',
  properties: {
    shape: p.text().primary(),
    method: p.text(),
    path: p.text(),
    segments: p.array().columnType('text[]'),
    segmentCount: p.integer(),
    firstSegment: p.text(),
    specificity: p.text(),
    workflowId: p.uuid(),
    organizationId: p.uuid(),
    nodeId: p.text(),
    version: p.integer(),
    position: position(),
  },
  indexes: [
    { name: 'execution_webhook_routes_lookup_idx', properties: ['method', 'segmentCount', 'firstSegment'] },
    { name: 'execution_webhook_routes_workflow_idx', properties: ['workflowId'] },
    {
      name: 'execution_webhook_routes_namespace_idx',
      expression: 'create index "execution_webhook_routes_namespace_idx" on "execution_webhook_routes" (lower(first_segment), "organization_id")',
    },
  ],
});

export const WebhookNamespaceEntity = defineEntity({
  name: 'WebhookNamespace',
  tableName: 'execution_webhook_namespaces',
  properties: { segment: p.text().primary(), organizationId: p.uuid(), position: position() },
});

export const CatalogWorkflowEntity = defineEntity({
  name: 'CatalogWorkflow',
  tableName: 'execution_catalog_workflows',
  properties: {
    workflowId: p.uuid().primary(),
    organizationId: p.uuid(),
    ownerId: p.uuid().nullable(),
    position: position(),
    lifecyclePosition: p.bigint('number').defaultRaw('0'),
  },
});

export const catalogEntities = [CatalogWorkflowVersionEntity, ActiveWorkflowEntity, WebhookRouteEntity, WebhookNamespaceEntity, CatalogWorkflowEntity];
