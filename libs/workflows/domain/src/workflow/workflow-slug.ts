import { type Command, type Decider, type DomainEvent, UserError, streamIdOf, uuidV5 } from '@weft/kernel';

export const WORKFLOW_SLUG_MAX_LENGTH = 100;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `slug` when it is lower-case letters and digits in hyphen-separated runs, at most 100 long. */
export function requireWorkflowSlug(slug: string): string {
  if (typeof slug === 'string' && slug.length <= WORKFLOW_SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug)) return slug;
  const message = `Slugs are 1 to ${WORKFLOW_SLUG_MAX_LENGTH} lower-case letters, digits and single hyphens.`;
  throw new UserError('validation', 'workflow.slug_invalid', message, { errors: [{ field: 'slug', message }] });
}

// Internal to workflows: one stream per organization + workflow slug, so "is this
// slug taken in the organization?" is decided by the event store's optimistic append
// (as tenancy's slug reservations do). The feature reserves before CreateWorkflow and
// releases after DeleteWorkflow. Never published.
export type WorkflowSlugReserved = DomainEvent<'WorkflowSlugReserved', { organizationId: string; slug: string; workflowId: string; reservedAt: string }>;
export type WorkflowSlugReleased = DomainEvent<'WorkflowSlugReleased', { organizationId: string; slug: string; workflowId: string; releasedAt: string }>;
export type WorkflowSlugEvent = WorkflowSlugReserved | WorkflowSlugReleased;

export type ReserveWorkflowSlug = Command<'ReserveWorkflowSlug', { organizationId: string; slug: string; workflowId: string }>;
export type ReleaseWorkflowSlug = Command<'ReleaseWorkflowSlug', { organizationId: string; slug: string; workflowId: string }>;
export type WorkflowSlugCommand = ReserveWorkflowSlug | ReleaseWorkflowSlug;

export type WorkflowSlugState = { readonly status: 'free' } | { readonly status: 'reserved'; readonly workflowId: string };

export const workflowSlugTaken = (slug: string) =>
  new UserError('conflict', 'workflow.slug_taken', `The slug "${slug}" is already used by a workflow of this organization.`, {
    errors: [{ field: 'slug', message: 'is already taken' }],
  });

/** A free slug is reserved; the same workflow again is a no-op; another workflow is refused (409). */
export function decideWorkflowSlug(command: WorkflowSlugCommand, state: WorkflowSlugState): WorkflowSlugEvent[] {
  const { organizationId, workflowId } = command.data;
  const slug = requireWorkflowSlug(command.data.slug);
  const at = command.metadata.now.toISOString();
  if (command.type === 'ReserveWorkflowSlug') {
    if (state.status === 'free') return [{ type: 'WorkflowSlugReserved', data: { organizationId, slug, workflowId, reservedAt: at } }];
    if (state.workflowId === workflowId) return [];
    throw workflowSlugTaken(slug);
  }
  if (state.status === 'free' || state.workflowId !== workflowId) return [];
  return [{ type: 'WorkflowSlugReleased', data: { organizationId, slug, workflowId, releasedAt: at } }];
}

export function evolveWorkflowSlug(_state: WorkflowSlugState, event: WorkflowSlugEvent): WorkflowSlugState {
  return event.type === 'WorkflowSlugReserved' ? { status: 'reserved', workflowId: event.data.workflowId } : { status: 'free' };
}

export const workflowSlugDecider = {
  decide: decideWorkflowSlug,
  evolve: evolveWorkflowSlug,
  initialState: (): WorkflowSlugState => ({ status: 'free' }),
} satisfies Decider<WorkflowSlugState, WorkflowSlugCommand, WorkflowSlugEvent>;

/** Namespace of the slug stream ids (v5 UUIDs of `organizationId/slug`). */
export const WORKFLOW_SLUG_NAMESPACE = '0e6f3a52-7c1b-4d8e-b2a9-6f4d1c3e8a70';

/** `workflows.WorkflowSlug-<uuid v5 of organizationId/slug>`. */
export function workflowSlugStreamId(organizationId: string, slug: string): string {
  return streamIdOf('workflows', 'WorkflowSlug', uuidV5(WORKFLOW_SLUG_NAMESPACE, `${organizationId}/${requireWorkflowSlug(slug)}`));
}
