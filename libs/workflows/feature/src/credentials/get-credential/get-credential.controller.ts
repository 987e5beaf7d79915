import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type CredentialView } from '@weft/read-model-workflows';
import { GetCredentialQuery } from './get-credential.query.js';

@ApiTags('credentials')
@Controller('api/v1/orgs/:orgId/credentials')
export class GetCredentialController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':credentialId')
  @RequirePermission('credential:read')
  get(@Param('credentialId') credentialId: string, @OrgAccess() access: OrganizationAccess): Promise<CredentialView> {
    return this.queries.execute(new GetCredentialQuery(access.organizationId, credentialId));
  }
}
