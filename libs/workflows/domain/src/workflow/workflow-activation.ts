import { UserError, canonicalJson } from '@weft/kernel';
import { requireLiteralFirstSegment } from '../webhook-route/webhook-namespace.js';
import { describeRoute, normalizeWebhookRoute, webhookRouteKey } from '../webhook-route/webhook-path.js';
import { type ActivateWorkflow, type ArchiveWorkflow, type DeactivateWorkflow, type DeleteWorkflow } from './workflow-commands.js';
import { requireUsableFacts } from './workflow-credentials.js';
import { type ActiveSchedule, type ActiveWebhook, type WorkflowDeactivated, type WorkflowEvent } from './workflow-events.js';
import { type ExistingWorkflow } from './workflow-state.js';

export const archived = () => new UserError('conflict', 'workflow.archived', 'The workflow is archived; it can no longer be changed, published or activated.');

/**
 * Activation runs the published version, else the current one, on the routes and
 * schedules the caller derived from that version. The same activation again is a
 * no-op; a different one (a newer version, other routes) replaces the earlier.
 */
export function activate(command: ActivateWorkflow, state: ExistingWorkflow): WorkflowEvent[] {
  if (state.status === 'archived') throw archived();
  const { problems } = command.data.validation;
  if (problems.length > 0) {
    const errors = problems.map((problem) => ({
      field: problem.path ?? (problem.nodeId === undefined ? '' : `nodes.${problem.nodeId}`),
      message: problem.message,
    }));
    throw new UserError('unprocessable', 'workflow.invalid', `The workflow has ${problems.length} problem(s); fix them before activating it.`, {
      problems,
      errors,
    });
  }
  requireUsableFacts(command.data.credentialUse);
  const version = state.publishedVersion ?? state.version;
  const webhooks = requireDistinctRoutes(command.data.webhooks);
  const schedules = command.data.schedules.map(requireSchedule);
  const activation = { version, webhooks, schedules };
  if (state.active !== null && canonicalJson(state.active) === canonicalJson(activation)) return [];
  const { actorId, now } = command.metadata;
  return [
    {
      type: 'WorkflowActivated',
      data: { workflowId: state.workflowId, organizationId: state.organizationId, ...activation, activatedBy: actorId, activatedAt: now.toISOString() },
    },
  ];
}

export function deactivate(
  command: DeactivateWorkflow | ArchiveWorkflow | DeleteWorkflow,
  state: ExistingWorkflow,
  reason: WorkflowDeactivated['data']['reason'],
): WorkflowEvent[] {
  if (state.active === null) return [];
  const { actorId, now } = command.metadata;
  const { version, webhooks, schedules } = state.active;
  return [
    {
      type: 'WorkflowDeactivated',
      data: {
        workflowId: state.workflowId,
        organizationId: state.organizationId,
        version,
        webhooks,
        schedules,
        reason,
        deactivatedBy: actorId,
        deactivatedAt: now.toISOString(),
      },
    },
  ];
}

/** An active workflow is deactivated in the same decision, before it is archived. */
export function archive(command: ArchiveWorkflow, state: ExistingWorkflow): WorkflowEvent[] {
  if (state.status === 'archived') return [];
  const { actorId, now } = command.metadata;
  return [
    ...deactivate(command, state, 'archived'),
    {
      type: 'WorkflowArchived',
      data: { workflowId: state.workflowId, organizationId: state.organizationId, archivedBy: actorId, archivedAt: now.toISOString() },
    },
  ];
}

/** Deactivated, archived and hidden; the stream stays, with every version. */
export function remove(command: DeleteWorkflow, state: ExistingWorkflow): WorkflowEvent[] {
  const { actorId, now } = command.metadata;
  const ids = { workflowId: state.workflowId, organizationId: state.organizationId };
  const archiving: WorkflowEvent[] =
    state.status === 'archived' ? [] : [{ type: 'WorkflowArchived', data: { ...ids, archivedBy: actorId, archivedAt: now.toISOString() } }];
  return [
    ...deactivate(command, state, 'deleted'),
    ...archiving,
    { type: 'WorkflowDeleted', data: { ...ids, slug: state.slug, deletedBy: actorId, deletedAt: now.toISOString() } },
  ];
}

function requireDistinctRoutes(webhooks: ActivateWorkflow['data']['webhooks']): ActiveWebhook[] {
  const seen = new Set<string>();
  return webhooks.map((webhook) => {
    const route = normalizeWebhookRoute(webhook);
    requireLiteralFirstSegment(route, webhook.nodeId);
    const key = webhookRouteKey(route);
    if (seen.has(key))
      throw new UserError('unprocessable', 'workflow.invalid', `The webhook ${describeRoute(route)} is used twice in this workflow.`, {
        problems: [{ code: 'duplicate_webhook', nodeId: webhook.nodeId, message: `webhook ${describeRoute(route)} is used twice` }],
      });
    seen.add(key);
    return { ...route, nodeId: webhook.nodeId };
  });
}

/** Exactly one of `cron` and `interval`; only the known fields are kept. */
function requireSchedule(schedule: ActiveSchedule): ActiveSchedule {
  const cron = typeof schedule.cron === 'string' && schedule.cron.trim() !== '' ? schedule.cron.trim() : null;
  const interval = schedule.interval ?? null;
  const intervalValid =
    interval === null || (typeof interval.every === 'number' && interval.every > 0 && Number.isFinite(interval.every) && typeof interval.unit === 'string');
  if ((cron === null) === (interval === null) || !intervalValid) {
    throw new UserError(
      'validation',
      'workflow.schedule_invalid',
      `The schedule of node "${schedule.nodeId}" needs either a cron expression or a positive interval.`,
      {
        errors: [{ field: `schedules.${schedule.nodeId}`, message: 'needs cron or interval' }],
      },
    );
  }
  return {
    nodeId: schedule.nodeId,
    cron,
    interval: interval === null ? null : { every: interval.every, unit: interval.unit },
    timezone: schedule.timezone ?? null,
  };
}
