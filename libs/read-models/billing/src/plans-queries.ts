import { type Queryable } from '@weft/postgres';

// Platform reads: plans belong to no organization (the list is public).

/** A plan as `GET /api/v1/billing/plans` shows it. */
export interface PlanView {
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  /** Minor units of `currency` per interval. */
  readonly price: number;
  readonly currency: string;
  readonly interval: 'day' | 'week' | 'month' | 'year';
  readonly intervalCount: number;
  readonly trialDays: number;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number | null>>;
  readonly sortOrder: number;
  /** The terms' version (a change makes the next; subscriptions keep the version they started on). */
  readonly version: number;
  readonly isActive: boolean;
}

interface PlanRow {
  slug: string;
  name: string;
  description: string | null;
  price: string;
  currency: string;
  interval: PlanView['interval'];
  interval_count: number;
  trial_days: number;
  features: string[];
  limits: Record<string, number | null>;
  sort_order: number;
  version: number;
  is_active: boolean;
}

const viewOf = (row: PlanRow): PlanView => ({
  slug: row.slug,
  name: row.name,
  description: row.description,
  price: Number(row.price),
  currency: row.currency,
  interval: row.interval,
  intervalCount: row.interval_count,
  trialDays: row.trial_days,
  features: row.features,
  limits: row.limits,
  sortOrder: row.sort_order,
  version: row.version,
  isActive: row.is_active,
});

const COLUMNS = 'slug, name, description, price, currency, interval, interval_count, trial_days, features, limits, sort_order, version, is_active';

/** The plans on offer, in their order (`sort_order`, then slug). */
export async function listActivePlans(db: Queryable): Promise<PlanView[]> {
  const { rows } = await db.query<PlanRow>(`select ${COLUMNS} from plans where is_active order by sort_order, slug`);
  return rows.map(viewOf);
}

/** One plan by slug, retired ones included; undefined when there is none. */
export async function findPlan(db: Queryable, slug: string): Promise<PlanView | undefined> {
  const { rows } = await db.query<PlanRow>(`select ${COLUMNS} from plans where slug = $1`, [slug]);
  return rows[0] === undefined ? undefined : viewOf(rows[0]);
}
