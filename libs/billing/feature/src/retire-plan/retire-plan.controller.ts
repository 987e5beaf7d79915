import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext, RequirePlatformRole } from '@weft/http';
import { RetirePlanCommand } from './retire-plan.command.js';

@ApiTags('billing')
@Controller('api/v1/billing/plans')
export class RetirePlanController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':slug')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePlatformRole('super_admin')
  retire(@Param('slug') slug: string, @RequestContext() context: CommandContext): Promise<void> {
    return this.commands.execute(new RetirePlanCommand(context, slug));
  }
}
