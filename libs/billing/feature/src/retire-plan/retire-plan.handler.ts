import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorMetadata } from '@weft/kernel';
import { PlanStreams } from '../plans/plan-streams.js';
import { RetirePlanCommand } from './retire-plan.command.js';

/** 204 once the public list no longer shows the plan; 404 unknown. */
@CommandHandler(RetirePlanCommand)
export class RetirePlanHandler implements ICommandHandler<RetirePlanCommand> {
  constructor(private readonly plans: PlanStreams) {}

  async execute({ context, slug }: RetirePlanCommand): Promise<void> {
    await this.plans.decideAndShow(slug, { type: 'RetirePlan', data: {}, metadata: actorMetadata(context) });
  }
}
