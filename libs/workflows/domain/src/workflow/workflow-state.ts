import { type WorkflowContent } from './workflow-definition.js';
import { type ActiveSchedule, type ActiveWebhook, type WorkflowEvent, type WorkflowStatus } from './workflow-events.js';

export interface Activation {
  readonly version: number;
  readonly webhooks: readonly ActiveWebhook[];
  readonly schedules: readonly ActiveSchedule[];
}

/** A workflow that exists (or existed: `deleted`). Plain data, so the state serialises as JSON (audit replays). */
export interface ExistingWorkflow {
  readonly status: WorkflowStatus;
  readonly deleted: boolean;
  readonly workflowId: string;
  readonly organizationId: string;
  readonly slug: string;
  readonly version: number;
  readonly content: WorkflowContent;
  /** The pinned version; activation runs it when set, else the current one. */
  readonly publishedVersion: number | null;
  readonly active: Activation | null;
}

export type WorkflowState = { readonly status: 'none' } | ExistingWorkflow;

export const initialWorkflowState = (): WorkflowState => ({ status: 'none' });

/** Applies one event. */
export function evolveWorkflow(state: WorkflowState, event: WorkflowEvent): WorkflowState {
  if (event.type === 'WorkflowCreated') {
    const { workflowId, organizationId, slug, version, status } = event.data;
    return { status, deleted: false, workflowId, organizationId, slug, version, content: contentOf(event.data), publishedVersion: null, active: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'WorkflowUpdated':
      return { ...state, version: event.data.version, content: contentOf(event.data) };
    case 'WorkflowPublished':
      return { ...state, status: 'published', publishedVersion: event.data.version };
    case 'WorkflowActivated': {
      const { version, webhooks, schedules } = event.data;
      return { ...state, active: { version, webhooks, schedules } };
    }
    case 'WorkflowDeactivated':
      return { ...state, active: null };
    case 'WorkflowArchived':
      return { ...state, status: 'archived' };
    case 'WorkflowDeleted':
      return { ...state, status: 'archived', deleted: true, active: null };
  }
}

function contentOf(data: WorkflowContent): WorkflowContent {
  const { name, description, teamId, nodes, connections, settings, tags } = data;
  return { name, description, teamId, nodes, connections, settings, tags };
}
