import { Command } from '@nestjs/cqrs';
import { type PlanTermsInput } from '@weft/billing-domain';
import { type CommandContext } from '@weft/kernel';
import { type AdminPlanView } from '../plans/plan-views.js';

/** A super admin adds a plan to the catalogue. */
export class AddPlanCommand extends Command<AdminPlanView> {
  constructor(
    readonly context: CommandContext,
    readonly slug: string,
    readonly terms: PlanTermsInput,
  ) {
    super();
  }
}
