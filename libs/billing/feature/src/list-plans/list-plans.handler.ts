import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '@weft/postgres';
import { listActivePlans } from '@weft/read-model-billing';
import { type PublicPlanView, publicPlanView } from '../plans/plan-views.js';
import { ListPlansQuery } from './list-plans.query.js';

/** Reads the plans read model (a platform table: plans belong to no organization). */
@QueryHandler(ListPlansQuery)
export class ListPlansHandler implements IQueryHandler<ListPlansQuery> {
  constructor(@Inject(Database) private readonly db: Database) {}

  async execute(): Promise<{ data: PublicPlanView[] }> {
    return { data: (await listActivePlans(this.db)).map(publicPlanView) };
  }
}
