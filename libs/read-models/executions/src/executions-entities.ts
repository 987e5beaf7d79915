import { defineEntity, p } from '@mikro-orm/postgresql';
import { tenantEntity } from '@weft/orm';
import { API_STATUSES, ENGINE_STATUSES, EXECUTION_LOG_PARTITIONS, MODES } from './executions-tables.js';

// The executions read model's tables as MikroORM entities (docs/read-models-orm.md). The
// projection's DDL still creates, upgrades, partitions and rebuilds them; these describe
// them, and executions-entities.int.spec.ts fails on drift. Month partitions are made at
// run time (ensureExecutionPartitions): only the default one is declared.

const tstz = () => p.datetime().columnType('timestamptz');
const newestFirst = (table: string, name: string, columns: string) =>
  `create index "${name}" on "${table}" (${columns}, "created_at" desc, "execution_id" desc)`;

/** The columns of a run: `executions` and `executions_archive` (a fresh object per entity). */
const executionProperties = () => ({
  // The partition key is part of the primary key: (created_at, execution_id).
  createdAt: tstz().primary(),
  executionId: p.uuid().primary(),
  organizationId: p.uuid(),
  workflowId: p.uuid(),
  workflowVersion: p.integer(),
  status: p.enum(API_STATUSES).columnType('text'),
  engineStatus: p.enum(ENGINE_STATUSES).columnType('text'),
  statusVersion: p.integer(),
  mode: p.enum(MODES).columnType('text'),
  triggeredBy: p.text(),
  triggerNodeId: p.text().nullable(),
  queuedBy: p.text().nullable(),
  retryOf: p.uuid().nullable(),
  retryAttempt: p.integer().default(0),
  retriedAs: p.uuid().nullable(),
  parentExecutionId: p.uuid().nullable(),
  input: p.json<unknown>().nullable().lazy(),
  inputRef: p.text().nullable(),
  inputItemCount: p.integer().nullable(),
  output: p.json<unknown>().nullable().lazy(),
  outputRef: p.text().nullable(),
  lastNodeId: p.text().nullable(),
  errorMessage: p.text().nullable(),
  error: p.json<unknown>().nullable(),
  errorReason: p
    .enum(['failed', 'timeout', 'canceled'] as const)
    .columnType('text')
    .nullable(),
  nodeCount: p.integer().default(0),
  workerId: p.text().nullable(),
  lease: p.integer().default(0),
  startedAt: tstz().nullable(),
  finishedAt: tstz().nullable(),
  durationMs: p.bigint('number').nullable(),
  waitingUntil: tstz().nullable(),
  metadata: p.json<Record<string, unknown>>().default('{}'),
  credentialIds: p.array().columnType('uuid[]').defaultRaw(`'{}'`),
  userId: p.uuid().nullable(),
  updatedAt: tstz().nullable(),
  maxRetries: p.integer().nullable(),
});

/** The lookup by id and the list's newest-first indexes, on both tables. */
const executionReadIndexes = (table: string) => [
  { name: `${table}_execution_id_idx`, properties: ['executionId' as const, 'organizationId' as const] },
  { name: `${table}_organization_id_created_at_idx`, expression: newestFirst(table, `${table}_organization_id_created_at_idx`, '"organization_id"') },
  {
    name: `${table}_organization_id_workflow_id_idx`,
    expression: newestFirst(table, `${table}_organization_id_workflow_id_idx`, '"organization_id", "workflow_id"'),
  },
  { name: `${table}_organization_id_status_idx`, expression: newestFirst(table, `${table}_organization_id_status_idx`, '"organization_id", "status"') },
];

export const ExecutionEntity = defineEntity({
  name: 'Execution',
  tableName: 'executions',
  properties: executionProperties(),
  primaryKeys: ['createdAt', 'executionId'],
  partitionBy: { type: 'range', expression: 'created_at', partitions: [{ name: 'executions_default', values: 'default' }] },
  indexes: [
    ...executionReadIndexes('executions'),
    { name: 'executions_waiting_until_idx', properties: ['waitingUntil'], where: `engine_status = 'waiting'` },
    { name: 'executions_unfinished_idx', properties: ['createdAt'], where: `engine_status in ('queued', 'running')` },
    {
      name: 'executions_retry_due_idx',
      properties: ['createdAt'],
      where: `engine_status = 'error' and retried_as is null and (error ->> 'willRetry')::boolean`,
    },
    { name: 'executions_open_idx', properties: ['organizationId', 'workflowId', 'createdAt'], where: `status in ('running', 'waiting')` },
  ],
  ...tenantEntity('organizationId'),
});

/** `executions_archive` (executions-archive.ts): made by the execution service's migration, not the projection. */
export const ExecutionArchiveEntity = defineEntity({
  name: 'ExecutionArchive',
  tableName: 'executions_archive',
  properties: executionProperties(),
  primaryKeys: ['createdAt', 'executionId'],
  partitionBy: { type: 'range', expression: 'created_at', partitions: [{ name: 'executions_archive_default', values: 'default' }] },
  indexes: executionReadIndexes('executions_archive'),
  ...tenantEntity('organizationId'),
});

export const ExecutionLogEntity = defineEntity({
  name: 'ExecutionLog',
  tableName: 'execution_logs',
  properties: {
    executionId: p.uuid().primary(),
    seq: p.integer().primary(),
    line: p.integer().primary().default(0),
    organizationId: p.uuid(),
    kind: p.enum(['node', 'log'] as const).columnType('text'),
    nodeId: p.text().nullable(),
    runIndex: p.integer().nullable(),
    status: p.text().nullable(),
    level: p.text().nullable(),
    message: p.text().nullable(),
    startedAt: tstz().nullable(),
    durationMs: p.bigint('number').nullable(),
    inputItemCount: p.integer().nullable(),
    outputItemCount: p.integer().nullable(),
    output: p.json<unknown>().nullable().lazy(),
    outputRef: p.text().nullable(),
    error: p.json<unknown>().nullable(),
    credentialIds: p.array().columnType('uuid[]').defaultRaw(`'{}'`),
    createdAt: tstz(),
  },
  primaryKeys: ['executionId', 'seq', 'line'],
  partitionBy: {
    type: 'hash',
    expression: 'execution_id',
    partitions: Array.from({ length: EXECUTION_LOG_PARTITIONS }, (_, i) => `execution_logs_h${i}`),
  },
  indexes: [
    { name: 'execution_logs_organization_id_execution_id_idx', properties: ['organizationId', 'executionId'] },
    { name: 'execution_logs_execution_id_level_idx', properties: ['executionId', 'level'] },
    { name: 'execution_logs_created_at_idx', properties: ['createdAt'], type: 'brin' },
  ],
  ...tenantEntity('organizationId'),
});

export const WorkflowDailyStatsEntity = defineEntity({
  name: 'WorkflowDailyStats',
  tableName: 'workflow_daily_stats',
  properties: {
    organizationId: p.uuid().primary(),
    workflowId: p.uuid().primary(),
    day: p.date().primary(),
    succeeded: p.bigint('number').defaultRaw('0'),
    failed: p.bigint('number').defaultRaw('0'),
    canceled: p.bigint('number').defaultRaw('0'),
    timed: p.bigint('number').defaultRaw('0'),
    sumDurationMs: p.bigint('number').defaultRaw('0'),
    minDurationMs: p.bigint('number').nullable(),
    maxDurationMs: p.bigint('number').nullable(),
  },
  primaryKeys: ['organizationId', 'workflowId', 'day'],
  ...tenantEntity('organizationId'),
});

export const executionsEntities = [ExecutionEntity, ExecutionArchiveEntity, ExecutionLogEntity, WorkflowDailyStatsEntity];
