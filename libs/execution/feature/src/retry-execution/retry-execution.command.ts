import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type OrganizationAccess } from '@weft/http';

/** What a retry answers: the new execution, queued. */
export interface RetryAccepted {
  readonly executionId: string;
  readonly retryOf: string;
  readonly status: 'running';
}

/** Retries the organization's failed or canceled execution `executionId` as a new one (same version and input). */
export class RetryExecutionCommand extends Command<RetryAccepted> {
  constructor(
    readonly access: OrganizationAccess,
    readonly context: CommandContext,
    readonly executionId: string,
  ) {
    super();
  }
}
