import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorMetadata } from '@weft/kernel';
import { PlanStreams } from '../plans/plan-streams.js';
import { type AdminPlanView } from '../plans/plan-views.js';
import { AddPlanCommand } from './add-plan.command.js';

/** 201 with the plan as the read model shows it once it has the new stream. */
@CommandHandler(AddPlanCommand)
export class AddPlanHandler implements ICommandHandler<AddPlanCommand> {
  constructor(private readonly plans: PlanStreams) {}

  execute({ context, slug, terms }: AddPlanCommand): Promise<AdminPlanView> {
    return this.plans.decideAndShow(slug, { type: 'AddPlan', data: { slug, terms }, metadata: actorMetadata(context) });
  }
}
