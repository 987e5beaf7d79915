import { type DomainEvent } from '@weft/kernel';
import { type WebhookRoute } from '../webhook-route/webhook-path.js';
import { type WorkflowContent } from './workflow-definition.js';

// The Workflow aggregate's events. They are public as they are: @weft/contracts mirrors
// them field for field (workflows/workflow-events.ts); change both together.

/** A webhook route of an active workflow and the trigger node it starts. */
export interface ActiveWebhook extends WebhookRoute {
  readonly nodeId: string;
}

/** A schedule trigger of an active workflow: `cron` or `interval`, as the node defines it. */
export interface ActiveSchedule {
  readonly nodeId: string;
  readonly cron: string | null;
  readonly interval: { readonly every: number; readonly unit: string } | null;
  readonly timezone: string | null;
}

export type WorkflowStatus = 'draft' | 'published' | 'archived';

type Ids = { workflowId: string; organizationId: string };

/** Version 1, with its full content. The slug was reserved by the caller and never changes. */
export type WorkflowCreated = DomainEvent<
  'WorkflowCreated',
  Ids &
    WorkflowContent & { slug: string; version: 1; status: 'draft'; isTemplate: boolean; fromTemplateId: string | null; createdBy: string; createdAt: string }
>;
/**
 * A new version (`version` = previous + 1) with its full content, so that
 * `workflow_versions` lists and restores versions from events alone; `changed` names
 * the fields that differ from the previous version.
 */
export type WorkflowUpdated = DomainEvent<
  'WorkflowUpdated',
  Ids & WorkflowContent & { version: number; changed: readonly (keyof WorkflowContent)[]; updatedBy: string; updatedAt: string }
>;
/** `version` is now the published one; the status becomes `published`. */
export type WorkflowPublished = DomainEvent<'WorkflowPublished', Ids & { version: number; publishedBy: string; publishedAt: string }>;
/**
 * The workflow runs `version` (the published one, else the current) on these webhook
 * routes and schedules, which replace any earlier activation's. The routes were
 * reserved by the caller first.
 */
export type WorkflowActivated = DomainEvent<
  'WorkflowActivated',
  Ids & { version: number; webhooks: readonly ActiveWebhook[]; schedules: readonly ActiveSchedule[]; activatedBy: string; activatedAt: string }
>;
/** The routes and schedules of the activation that ends; the caller releases the routes. */
export type WorkflowDeactivated = DomainEvent<
  'WorkflowDeactivated',
  Ids & {
    version: number;
    webhooks: readonly ActiveWebhook[];
    schedules: readonly ActiveSchedule[];
    reason: 'requested' | 'archived' | 'deleted';
    deactivatedBy: string;
    deactivatedAt: string;
  }
>;
export type WorkflowArchived = DomainEvent<'WorkflowArchived', Ids & { archivedBy: string; archivedAt: string }>;
/** A soft delete: the read model hides the workflow; the stream and its versions stay (audit). */
export type WorkflowDeleted = DomainEvent<'WorkflowDeleted', Ids & { slug: string; deletedBy: string; deletedAt: string }>;

/** Every event of the Workflow aggregate. */
export type WorkflowEvent =
  WorkflowCreated | WorkflowUpdated | WorkflowPublished | WorkflowActivated | WorkflowDeactivated | WorkflowArchived | WorkflowDeleted;
