// A log of metered events for the metering tests: runs queued at given instants and
// workflows created (and some deleted), appended to a real event store; and what
// counting that log says each organization used, to compare the read model with.
import { randomUUID } from 'node:crypto';
import { type EventStore } from '@weft/eventstore';
import { type NewEvent } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';
import { hourOf } from '../usage-projection.js';

export type MeteredEntry =
  { readonly kind: 'run'; readonly org: number; readonly at: Date } | { readonly kind: 'workflow'; readonly org: number; readonly deleted: boolean };

const event = (type: string, organizationId: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { organizationId, ...data },
  metadata: { organizationId },
});

/** Appends the entries' events: one execution stream per run, one workflow stream per workflow (created, then deleted if so). */
export async function appendMeteredLog(store: EventStore, organizations: readonly string[], entries: readonly MeteredEntry[]): Promise<void> {
  for (const entry of entries) {
    const organizationId = organizations[entry.org]!;
    const id = randomUUID();
    if (entry.kind === 'run') {
      const queued = event('ExecutionQueued', organizationId, { executionId: id, workflowId: randomUUID(), queuedAt: entry.at.toISOString() });
      await store.append(`execution.Execution-${id}`, [queued], 'no_stream');
      continue;
    }
    const created = event('WorkflowCreated', organizationId, { workflowId: id });
    await store.append(
      `workflows.Workflow-${id}`,
      entry.deleted ? [created, event('WorkflowDeleted', organizationId, { workflowId: id })] : [created],
      'no_stream',
    );
  }
}

/** What counting the entries gives: runs by organization and hour, workflows held by organization. */
export function countedTotals(
  organizations: readonly string[],
  entries: readonly MeteredEntry[],
): { runs: Map<string, number>; workflows: Map<string, number> } {
  const runs = new Map<string, number>();
  const workflows = new Map<string, number>();
  for (const entry of entries) {
    const organizationId = organizations[entry.org]!;
    if (entry.kind === 'run') {
      const key = `${organizationId} ${hourOf(entry.at).toISOString()}`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
    } else if (!entry.deleted) workflows.set(organizationId, (workflows.get(organizationId) ?? 0) + 1);
  }
  return { runs, workflows };
}

/** The same two maps, as the read model holds them for these organizations. */
export async function meteredTotals(db: Queryable, organizations: readonly string[]) {
  const runs = new Map<string, number>();
  const workflows = new Map<string, number>();
  const counters = await db.query(
    `select organization_id, hour, quantity::int as quantity from billing_usage where organization_id = any($1::uuid[]) and metric = 'executions'`,
    [organizations],
  );
  for (const row of counters.rows) runs.set(`${String(row['organization_id'])} ${(row['hour'] as Date).toISOString()}`, Number(row['quantity']));
  const gauges = await db.query(
    `select organization_id, quantity::int as quantity from billing_usage_gauges where organization_id = any($1::uuid[]) and metric = 'workflows'`,
    [organizations],
  );
  for (const row of gauges.rows) if (Number(row['quantity']) !== 0) workflows.set(String(row['organization_id']), Number(row['quantity']));
  return { runs, workflows };
}
