import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { Authenticated, RequestContext } from '@weft/http';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { CreateOrganizationCommand } from './create-organization.command.js';
import { CreateOrganizationDto } from './create-organization.dto.js';

@ApiTags('organizations')
@Controller('api/v1/orgs')
export class CreateOrganizationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  create(@Body() body: CreateOrganizationDto, @RequestContext() context: CommandContext): Promise<OrganizationView> {
    return this.commands.execute(new CreateOrganizationCommand(context, body));
  }
}
