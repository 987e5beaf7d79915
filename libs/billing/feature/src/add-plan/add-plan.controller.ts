import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext, RequirePlatformRole } from '@weft/http';
import { type AdminPlanView } from '../plans/plan-views.js';
import { AddPlanCommand } from './add-plan.command.js';
import { AddPlanDto } from './add-plan.dto.js';

@ApiTags('billing')
@Controller('api/v1/billing/plans')
export class AddPlanController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePlatformRole('super_admin')
  add(@Body() body: AddPlanDto, @RequestContext() context: CommandContext): Promise<AdminPlanView> {
    const { slug, ...terms } = body;
    return this.commands.execute(new AddPlanCommand(context, slug, terms));
  }
}
