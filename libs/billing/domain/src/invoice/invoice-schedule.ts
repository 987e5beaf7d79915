import { type Proration, type SubscribedPlan, type SubscriptionEvent } from '../subscription/subscription-events.js';
import { type InvoiceLine } from './invoice-events.js';

/** What one invoice bills, decided from the subscription's history alone (so a replay decides the same). */
export interface InvoicePlan {
  readonly invoiceId: string;
  readonly organizationId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly currency: string;
  /** The base price and the prorations; the usage line is added by whoever can read the log. */
  readonly lines: readonly InvoiceLine[];
  /** The previous paid period, whose runs the invoice reports (null on the first invoice). */
  readonly usageWindow: { readonly from: string; readonly to: string } | null;
}

const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** An invoice's id: the organization and the start of the period it bills (deterministic: drafting a period twice finds the first). */
export const invoiceIdOf = (organizationId: string, periodStart: string) => `${organizationId}_${compact(periodStart)}`;

const day = (iso: string) => iso.slice(0, 10);

function prorationLines(proration: Proration, from: string, to: string): InvoiceLine[] {
  const since = day(proration.at);
  return [
    { kind: 'proration_credit', description: `Unused time on ${from} from ${since}`, quantity: 1, unitAmount: -proration.credit, amount: -proration.credit },
    { kind: 'proration_charge', description: `Remaining time on ${to} from ${since}`, quantity: 1, unitAmount: proration.charge, amount: proration.charge },
  ];
}

interface Walk {
  plan: SubscribedPlan | null;
  periodStart: string | null;
  pending: InvoiceLine[];
  invoices: InvoicePlan[];
}

function open(walk: Walk, organizationId: string, start: string, end: string, extra: InvoiceLine[] = []): void {
  const plan = walk.plan!;
  const base: InvoiceLine = {
    kind: 'base',
    description: `${plan.planSlug} (${day(start)} – ${day(end)})`,
    quantity: 1,
    unitAmount: plan.price,
    amount: plan.price,
  };
  walk.invoices.push({
    invoiceId: invoiceIdOf(organizationId, start),
    organizationId,
    periodStart: start,
    periodEnd: end,
    currency: plan.currency,
    lines: [base, ...walk.pending, ...extra],
    usageWindow: walk.periodStart === null ? null : { from: walk.periodStart, to: start },
  });
  walk.pending = [];
  walk.periodStart = start;
}

/**
 * Every invoice a subscription's history calls for: one at the start of each paid period
 * (activation, each renewal, a change of interval that starts a period), billing the
 * period's base price in advance, the prorations of plan changes made during the period
 * before, and that period's runs. A trial and a canceled subscription are not invoiced.
 */
export function invoicePlans(events: readonly SubscriptionEvent[]): InvoicePlan[] {
  const walk: Walk = { plan: null, periodStart: null, pending: [], invoices: [] };
  for (const event of events) {
    switch (event.type) {
      case 'SubscriptionTrialStarted':
        walk.plan = event.data;
        break;
      case 'SubscriptionActivated':
      case 'SubscriptionRenewed':
        open(walk, event.data.organizationId, event.data.currentPeriodStart, event.data.currentPeriodEnd);
        break;
      case 'SubscriptionPlanChanged':
        planChanged(walk, event);
        break;
      default:
        break;
    }
  }
  return walk.invoices;
}

function planChanged(walk: Walk, event: Extract<SubscriptionEvent, { type: 'SubscriptionPlanChanged' }>): void {
  const previous = walk.plan?.planSlug ?? event.data.previousPlanSlug;
  walk.plan = event.data;
  const { proration, currentPeriodStart, currentPeriodEnd, organizationId } = event.data;
  if (proration === null) return;
  const restarted = currentPeriodStart !== null && currentPeriodEnd !== null && currentPeriodStart !== walk.periodStart;
  if (!restarted) {
    walk.pending.push(...prorationLines(proration, previous, event.data.planSlug));
    return;
  }
  // Another interval: a new period starts now, charged whole by its own invoice; the old plan's unused time is credited there.
  const credit: InvoiceLine = {
    kind: 'proration_credit',
    description: `Unused time on ${previous} from ${day(proration.at)}`,
    quantity: 1,
    unitAmount: -proration.credit,
    amount: -proration.credit,
  };
  open(walk, organizationId, currentPeriodStart, currentPeriodEnd, [credit]);
}
