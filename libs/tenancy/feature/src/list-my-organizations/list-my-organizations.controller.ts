import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@weft/kernel';
import { Authenticated, CurrentPrincipal, type Principal } from '@weft/http';
import { type MyOrganization } from '@weft/read-model-tenancy';
import { ListMyOrganizationsQuery } from './list-my-organizations.query.js';

@ApiTags('organizations')
@Controller('api/v1/orgs')
export class ListMyOrganizationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Authenticated()
  mine(@CurrentPrincipal() principal: Principal): Promise<Page<MyOrganization>> {
    return this.queries.execute(new ListMyOrganizationsQuery(principal));
  }
}
