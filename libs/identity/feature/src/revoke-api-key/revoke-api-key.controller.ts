import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';

@ApiTags('api-keys')
@Controller('api/v1/orgs/:orgId/api-keys')
export class RevokeApiKeyController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':apiKeyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('apikey:manage')
  async revoke(@Param('apiKeyId') apiKeyId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(apiKeyId, context));
  }
}
