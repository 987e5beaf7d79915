import { Controller, Get, Header } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type PublicPlanView } from '../plans/plan-views.js';
import { ListPlansQuery } from './list-plans.query.js';

@ApiTags('billing')
@Controller('api/v1/billing/plans')
export class ListPlansController {
  constructor(private readonly queries: QueryBus) {}

  /** Public: a pricing page reads it without an account. */
  @Get()
  @Header('Cache-Control', 'public, max-age=60')
  list(): Promise<{ data: PublicPlanView[] }> {
    return this.queries.execute(new ListPlansQuery());
  }
}
