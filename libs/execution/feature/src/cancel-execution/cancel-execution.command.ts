import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type OrganizationAccess } from '@weft/http';

/** Cancels the organization's execution `executionId` (queued, running or waiting); again: the same answer. */
export class CancelExecutionCommand extends Command<{ executionId: string; status: 'canceled' }> {
  constructor(
    readonly access: OrganizationAccess,
    readonly context: CommandContext,
    readonly executionId: string,
  ) {
    super();
  }
}
