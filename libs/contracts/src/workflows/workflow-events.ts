import { type PublicEvent } from '../public-event.js';

/** A JSON value as carried in a workflow definition. */
export type WorkflowJson = string | number | boolean | null | readonly WorkflowJson[] | { readonly [key: string]: WorkflowJson };

/** One node of a workflow definition (see the workflow format). */
export interface WorkflowNodeData {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly position?: { readonly x: number; readonly y: number };
  readonly properties?: { readonly [key: string]: WorkflowJson };
  /** A reference by id: the credential's secret is never part of a workflow. */
  readonly credentials?: { readonly id: string; readonly [key: string]: WorkflowJson };
  readonly settings?: { readonly [key: string]: WorkflowJson };
}

export interface WorkflowConnectionData {
  readonly source: string;
  readonly target: string;
  readonly sourceOutput?: string;
  readonly targetInput?: string;
}

export type WorkflowStatus = 'draft' | 'published' | 'archived';

/** The full content of one version: `workflow_versions` is built from these alone. */
export interface WorkflowContentData {
  readonly name: string;
  readonly description: string | null;
  readonly teamId: string | null;
  readonly nodes: readonly WorkflowNodeData[];
  readonly connections: readonly WorkflowConnectionData[];
  readonly settings: { readonly [key: string]: WorkflowJson };
  readonly tags: readonly string[];
}

/** The HTTP methods a webhook route may have. */
export type WebhookMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** A webhook of an active workflow: `path` normalised (no outer slashes), `method` upper-case. */
export interface ActiveWebhookData {
  readonly method: WebhookMethod;
  readonly path: string;
  readonly nodeId: string;
}

export interface ActiveScheduleData {
  readonly nodeId: string;
  readonly cron: string | null;
  readonly interval: { readonly every: number; readonly unit: string } | null;
  readonly timezone: string | null;
}

/** Version 1 of a workflow, a draft. The slug is unique in the organization and never changes. */
export const WorkflowCreatedSchemaVersion = 1;
export interface WorkflowCreatedData extends WorkflowContentData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly slug: string;
  readonly version: 1;
  readonly status: 'draft';
  readonly isTemplate: boolean;
  readonly fromTemplateId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}
export type WorkflowCreated = PublicEvent<'WorkflowCreated', WorkflowCreatedData>;

/** A new version (previous + 1) with its full content; `changed` names the fields that differ. */
export const WorkflowUpdatedSchemaVersion = 1;
export interface WorkflowUpdatedData extends WorkflowContentData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly changed: readonly (keyof WorkflowContentData)[];
  readonly updatedBy: string;
  readonly updatedAt: string;
}
export type WorkflowUpdated = PublicEvent<'WorkflowUpdated', WorkflowUpdatedData>;

/** `version` is the published one; status `published`. */
export const WorkflowPublishedSchemaVersion = 1;
export interface WorkflowPublishedData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly publishedBy: string;
  readonly publishedAt: string;
}
export type WorkflowPublished = PublicEvent<'WorkflowPublished', WorkflowPublishedData>;

/** The workflow runs `version` on these routes and schedules, replacing an earlier activation's. */
export const WorkflowActivatedSchemaVersion = 1;
export interface WorkflowActivatedData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly webhooks: readonly ActiveWebhookData[];
  readonly schedules: readonly ActiveScheduleData[];
  readonly activatedBy: string;
  readonly activatedAt: string;
}
export type WorkflowActivated = PublicEvent<'WorkflowActivated', WorkflowActivatedData>;

/** The routes and schedules that stop; `reason` says whether an archive or a delete caused it. */
export const WorkflowDeactivatedSchemaVersion = 1;
export interface WorkflowDeactivatedData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly webhooks: readonly ActiveWebhookData[];
  readonly schedules: readonly ActiveScheduleData[];
  readonly reason: 'requested' | 'archived' | 'deleted';
  readonly deactivatedBy: string;
  readonly deactivatedAt: string;
}
export type WorkflowDeactivated = PublicEvent<'WorkflowDeactivated', WorkflowDeactivatedData>;

export const WorkflowArchivedSchemaVersion = 1;
export interface WorkflowArchivedData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly archivedBy: string;
  readonly archivedAt: string;
}
export type WorkflowArchived = PublicEvent<'WorkflowArchived', WorkflowArchivedData>;

/** A soft delete: read models hide the workflow; its versions stay in the log. */
export const WorkflowDeletedSchemaVersion = 1;
export interface WorkflowDeletedData {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly slug: string;
  readonly deletedBy: string;
  readonly deletedAt: string;
}
export type WorkflowDeleted = PublicEvent<'WorkflowDeleted', WorkflowDeletedData>;

/** Every public event of the Workflow aggregate. */
export type PublicWorkflowEvent =
  WorkflowCreated | WorkflowUpdated | WorkflowPublished | WorkflowActivated | WorkflowDeactivated | WorkflowArchived | WorkflowDeleted;
