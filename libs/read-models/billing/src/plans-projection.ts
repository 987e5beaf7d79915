import { type PlanAddedData, type PlanChangedData, type PlanRetiredData } from '@weft/contracts';
import { contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';

export const PLANS_PROJECTION = 'billing_plans';

// `plans` (the reference schema's table, keyed by its unique slug): one row per plan with
// its current terms and version. Plans are the platform's, not an organization's: no
// organization column and no row-level security; the list is public.
const createPlans = (t: string) => [
  `create table ${t} (
     slug text not null,
     name text not null,
     description text,
     price bigint not null,
     currency text not null,
     interval text not null,
     interval_count integer not null,
     trial_days integer not null,
     features jsonb not null,
     limits jsonb not null,
     is_active boolean not null,
     sort_order integer not null,
     version integer not null,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     constraint ${t}_pkey primary key (slug),
     constraint ${t}_price_check check (price >= 0),
     constraint ${t}_interval_check check (interval in ('day', 'week', 'month', 'year'))
   )`,
  // The public list: the offered plans in their order.
  `create index ${t}_active_sort_order_idx on ${t} (sort_order, slug) where is_active`,
];

const termValues = (d: PlanAddedData | PlanChangedData) => [
  d.name,
  d.description,
  d.price,
  d.currency,
  d.interval,
  d.intervalCount,
  d.trialDays,
  JSON.stringify(d.features),
  JSON.stringify(d.limits),
  d.sortOrder,
  d.version,
];

async function upsert(tx: ProjectionTransaction, d: PlanAddedData | PlanChangedData, at: string): Promise<void> {
  // A version is applied once and never goes back: replays and redeliveries change nothing.
  await tx.query(
    `insert into ${tx.table('plans')} (slug, name, description, price, currency, interval, interval_count, trial_days, features, limits, sort_order, version,
                                       is_active, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true, $13, $13)
     on conflict (slug) do update set name = excluded.name, description = excluded.description, price = excluded.price, currency = excluded.currency,
       interval = excluded.interval, interval_count = excluded.interval_count, trial_days = excluded.trial_days, features = excluded.features,
       limits = excluded.limits, sort_order = excluded.sort_order, version = excluded.version, updated_at = excluded.updated_at
     where ${tx.table('plans')}.version < excluded.version`,
    [d.slug, ...termValues(d), at],
  );
}

/** The `plans` read model, from the billing context's Plan streams. */
export const plansProjection: ProjectionDefinition = {
  name: PLANS_PROJECTION,
  tables: [{ name: 'plans', create: createPlans }],
  accepts: (event) => contextOfStream(event.streamId) === 'billing' && event.type.startsWith('Plan'),
  async apply(event, tx) {
    if (contextOfStream(event.streamId) !== 'billing') return;
    if (event.type === 'PlanAdded') {
      const d = event.data as PlanAddedData;
      await upsert(tx, d, d.addedAt);
    } else if (event.type === 'PlanChanged') {
      const d = event.data as PlanChangedData;
      await upsert(tx, d, d.changedAt);
    } else if (event.type === 'PlanRetired') {
      const d = event.data as PlanRetiredData;
      await tx.query(`update ${tx.table('plans')} set is_active = false, updated_at = $2 where slug = $1 and is_active`, [d.slug, d.retiredAt]);
    }
  },
};
