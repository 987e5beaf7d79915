import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/** A super admin stops offering a plan; its subscriptions go on. Retiring twice changes nothing. */
export class RetirePlanCommand extends Command<void> {
  constructor(
    readonly context: CommandContext,
    /** As the path gave it. */
    readonly slug: string,
  ) {
    super();
  }
}
