import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type OrganizationAccess } from '@weft/http';
import { type FinishedExecutionView } from './finished-view.js';

/** At once (202: the run is recorded as queued), or once the run ended (`wait: true`, 200). */
export type RunWorkflowResult =
  | { readonly finished: false; readonly executionId: string; readonly status: 'running' }
  | { readonly finished: true; readonly execution: FinishedExecutionView };

/** Runs the newest version of the organization's workflow `workflowId` with `input`, for a user (`manual`) or an API key (`api`). */
export class RunWorkflowCommand extends Command<RunWorkflowResult> {
  constructor(
    readonly access: OrganizationAccess,
    readonly context: CommandContext,
    readonly workflowId: string,
    readonly input: unknown,
    readonly wait: boolean,
  ) {
    super();
  }
}
