import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorMetadata } from '@weft/kernel';
import { PlanStreams } from '../plans/plan-streams.js';
import { type AdminPlanView } from '../plans/plan-views.js';
import { ChangePlanCommand } from './change-plan.command.js';

/** 200 with the plan at its new version (or as it was, when nothing changed); 404 unknown, 409 retired. */
@CommandHandler(ChangePlanCommand)
export class ChangePlanHandler implements ICommandHandler<ChangePlanCommand> {
  constructor(private readonly plans: PlanStreams) {}

  execute({ context, slug, terms }: ChangePlanCommand): Promise<AdminPlanView> {
    return this.plans.decideAndShow(slug, { type: 'ChangePlan', data: { terms }, metadata: actorMetadata(context) });
  }
}
