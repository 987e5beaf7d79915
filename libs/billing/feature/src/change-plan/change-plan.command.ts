import { Command } from '@nestjs/cqrs';
import { type PlanTermsInput } from '@weft/billing-domain';
import { type CommandContext } from '@weft/kernel';
import { type AdminPlanView } from '../plans/plan-views.js';

/** A super admin changes a plan's terms: a new version, for subscriptions started from now on. */
export class ChangePlanCommand extends Command<AdminPlanView> {
  constructor(
    readonly context: CommandContext,
    /** As the path gave it. */
    readonly slug: string,
    readonly terms: PlanTermsInput,
  ) {
    super();
  }
}
