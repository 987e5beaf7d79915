import {
  type InvoiceDraftedData,
  type InvoiceFinalizedData,
  type InvoiceMarkedUncollectibleData,
  type InvoicePaidData,
  type InvoicePaymentFailedData,
} from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';

export const INVOICES_PROJECTION = 'billing_invoices';

// `invoices`: the reference table, keyed by the invoice's deterministic id (the
// organization and the period it bills), with its lines as JSON and the dunning state
// (`attempts`, `next_attempt_at`) the invoice job looks for. Every column comes from the
// events and nothing from the clock of the projector, so a rebuild writes the same rows
// byte for byte.
const createInvoices = (t: string) => [
  `create table ${t} (
     id text not null,
     organization_id uuid not null,
     number text,
     status text not null,
     currency text not null,
     subtotal bigint not null,
     total bigint not null,
     lines jsonb not null,
     billing_reason text not null default 'subscription_cycle',
     period_start timestamptz not null,
     period_end timestamptz not null,
     due_date timestamptz,
     paid_at timestamptz,
     attempts integer not null default 0,
     next_attempt_at timestamptz,
     last_failure text,
     provider_payment_id text,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     constraint ${t}_pkey primary key (id),
     constraint ${t}_status_check check (status in ('draft', 'open', 'paid', 'void', 'uncollectible'))
   )`,
  `create index ${t}_organization_period_idx on ${t} (organization_id, period_start desc)`,
  `create index ${t}_collect_idx on ${t} (next_attempt_at) where status = 'open'`,
  `create index ${t}_draft_idx on ${t} (created_at) where status = 'draft'`,
  ...tenantIsolationDdl(t),
];

type Apply = (tx: ProjectionTransaction, data: never) => Promise<unknown>;

const handlers: Readonly<Record<string, Apply>> = {
  InvoiceDrafted: (tx, d: InvoiceDraftedData) =>
    tx.query(
      `insert into ${tx.table('invoices')} (id, organization_id, status, currency, subtotal, total, lines, period_start, period_end, created_at, updated_at)
       values ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $9) on conflict (id) do nothing`,
      [d.invoiceId, d.organizationId, d.currency, d.subtotal, d.total, JSON.stringify(d.lines), d.periodStart, d.periodEnd, d.draftedAt],
    ),
  // Due now: the invoice job collects it on its next pass.
  InvoiceFinalized: (tx, d: InvoiceFinalizedData) =>
    tx.query(`update ${tx.table('invoices')} set status = 'open', number = $2, due_date = $3, next_attempt_at = $4, updated_at = $4 where id = $1`, [
      d.invoiceId,
      d.number,
      d.dueDate,
      d.finalizedAt,
    ]),
  InvoicePaid: (tx, d: InvoicePaidData) =>
    tx.query(
      `update ${tx.table('invoices')} set status = 'paid', paid_at = $2, attempts = greatest(attempts, $3), next_attempt_at = null, provider_payment_id = $4, updated_at = $2 where id = $1`,
      [d.invoiceId, d.paidAt, d.attempt, d.providerPaymentId],
    ),
  InvoicePaymentFailed: (tx, d: InvoicePaymentFailedData) =>
    tx.query(
      `update ${tx.table('invoices')} set attempts = greatest(attempts, $2), next_attempt_at = $3, last_failure = $4, updated_at = $5 where id = $1 and status in ('open', 'uncollectible')`,
      [d.invoiceId, d.attempt, d.nextAttemptAt, `${d.failureCode}: ${d.failureReason}`, d.failedAt],
    ),
  InvoiceMarkedUncollectible: (tx, d: InvoiceMarkedUncollectibleData) =>
    tx.query(`update ${tx.table('invoices')} set status = 'uncollectible', next_attempt_at = null, updated_at = $2 where id = $1 and status = 'open'`, [
      d.invoiceId,
      d.markedAt,
    ]),
};

const isInvoiceEvent = (event: RecordedEvent) => contextOfStream(event.streamId) === 'billing' && Object.hasOwn(handlers, event.type);

/** The invoices read model, from billing's Invoice streams. */
export const invoicesProjection: ProjectionDefinition = {
  name: INVOICES_PROJECTION,
  tables: [{ name: 'invoices', create: createInvoices }],
  accepts: isInvoiceEvent,
  async apply(event, tx) {
    if (isInvoiceEvent(event)) await handlers[event.type]!(tx, event.data as never);
  },
};
