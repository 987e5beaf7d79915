import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext, RequirePlatformRole } from '@weft/http';
import { PlanTermsDto } from '../add-plan/add-plan.dto.js';
import { type AdminPlanView } from '../plans/plan-views.js';
import { ChangePlanCommand } from './change-plan.command.js';

@ApiTags('billing')
@Controller('api/v1/billing/plans')
export class ChangePlanController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':slug')
  @RequirePlatformRole('super_admin')
  change(@Param('slug') slug: string, @Body() body: PlanTermsDto, @RequestContext() context: CommandContext): Promise<AdminPlanView> {
    return this.commands.execute(new ChangePlanCommand(context, slug, body));
  }
}
