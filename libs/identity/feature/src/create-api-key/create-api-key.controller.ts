import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { CreateApiKeyCommand, type CreatedApiKey } from './create-api-key.command.js';
import { CreateApiKeyDto } from './create-api-key.dto.js';

/** Organization-scoped API keys: shown once at creation, stored as a sha256, revocable. */
@ApiTags('api-keys')
@Controller('api/v1/orgs/:orgId/api-keys')
export class CreateApiKeyController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @RequirePermission('apikey:manage')
  create(@Body() body: CreateApiKeyDto, @RequestContext() context: CommandContext): Promise<CreatedApiKey> {
    return this.commands.execute(new CreateApiKeyCommand({ name: body.name, ...(body.expiresAt === undefined ? {} : { expiresAt: body.expiresAt }) }, context));
  }
}
