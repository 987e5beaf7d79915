import { type TenantCommand } from '@weft/kernel';
import { type ActorFacts } from '../commands.js';
import { type WorkflowConnection, type WorkflowNode, type WorkflowSettings } from './workflow-definition.js';
import { type CredentialUseFact } from './workflow-credentials.js';
import { type ActiveSchedule } from './workflow-events.js';

/**
 * For every credential the version names, whether the actor may use it: the actor of a
 * save, publish or activation becomes the authority its runs have (workflow-credentials.ts).
 */
export interface CredentialFacts {
  readonly credentialUse: readonly CredentialUseFact[];
}

// Authorization facts come in with the command (`actorRole`, see ActorFacts).
// create / update / publish / archive / delete need `workflow:write`. So do activate
// and deactivate: they change what runs in production on public webhooks and schedules,
// which is editing the workflow's behaviour, not running it (`workflow:execute` is for
// manual runs and retries). Auditors hold neither.

/**
 * Creates the workflow named by `workflowId`. The caller has validated the graph with
 * the engine (an invalid one is 422 before this command), reserved `slug` in the
 * organization (`workflowSlugDecider`) and checked that `teamId` is a team of it.
 */
export type CreateWorkflow = TenantCommand<
  'CreateWorkflow',
  ActorFacts &
    CredentialFacts & {
      workflowId: string;
      name: string;
      slug: string;
      description?: string | null;
      teamId?: string | null;
      nodes: readonly WorkflowNode[];
      connections: readonly WorkflowConnection[];
      settings?: WorkflowSettings;
      tags?: readonly string[];
      isTemplate?: boolean;
      fromTemplateId?: string | null;
    }
>;
/**
 * Absent fields stay as they are. `expectedVersion` is the version the client edited;
 * a stale one is 409. Restoring version n is this command with version n's content.
 */
export type UpdateWorkflow = TenantCommand<
  'UpdateWorkflow',
  ActorFacts &
    CredentialFacts & {
      expectedVersion: number;
      name?: string;
      description?: string | null;
      teamId?: string | null;
      nodes?: readonly WorkflowNode[];
      connections?: readonly WorkflowConnection[];
      settings?: WorkflowSettings;
      tags?: readonly string[];
    }
>;
/** Pins the current version as the published one; `expectedVersion`, when given, must be it. */
export type PublishWorkflow = TenantCommand<'PublishWorkflow', ActorFacts & CredentialFacts & { expectedVersion?: number }>;
export type ArchiveWorkflow = TenantCommand<'ArchiveWorkflow', ActorFacts>;

/**
 * What the caller derived from the definition of the version that will run (the
 * published one, else the current): the engine's validation problems, and the webhook
 * routes and schedules of its trigger nodes.
 */
export interface ActivationFacts {
  readonly validation: { readonly problems: readonly { readonly message: string; readonly nodeId?: string; readonly path?: string; readonly code?: string }[] };
  readonly webhooks: readonly { readonly method: string; readonly path: string; readonly nodeId: string }[];
  readonly schedules: readonly ActiveSchedule[];
  /** The credentials of the version that will run, for the activating actor. */
  readonly credentialUse: readonly CredentialUseFact[];
}
/** The caller reserved every webhook route first (`webhookRouteDecider`); a taken one is 409 there. */
export type ActivateWorkflow = TenantCommand<'ActivateWorkflow', ActorFacts & ActivationFacts>;
export type DeactivateWorkflow = TenantCommand<'DeactivateWorkflow', ActorFacts>;
/** Archive + deactivate, then hidden: every later command but another delete is "not found". */
export type DeleteWorkflow = TenantCommand<'DeleteWorkflow', ActorFacts>;

/** Every command of the Workflow aggregate. */
export type WorkflowCommand = CreateWorkflow | UpdateWorkflow | PublishWorkflow | ArchiveWorkflow | ActivateWorkflow | DeactivateWorkflow | DeleteWorkflow;
