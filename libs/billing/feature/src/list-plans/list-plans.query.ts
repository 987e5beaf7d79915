import { Query } from '@nestjs/cqrs';
import { type PublicPlanView } from '../plans/plan-views.js';

/** The plans on offer, for anyone (no authentication). */
export class ListPlansQuery extends Query<{ data: PublicPlanView[] }> {}
