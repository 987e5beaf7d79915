import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type TeamView, listTeams } from '@weft/read-model-tenancy';
import { ListTeamsQuery } from './list-teams.query.js';

@QueryHandler(ListTeamsQuery)
export class ListTeamsHandler implements IQueryHandler<ListTeamsQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  execute({ organizationId, limit, cursor }: ListTeamsQuery): Promise<Page<TeamView>> {
    return withTenant(this.db, organizationId, (tx) => listTeams(tx, limit, cursor));
  }
}
