import { type Queryable, type TenantTransaction } from '@weft/postgres';

export interface InvoiceLineView {
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: number;
  readonly amount: number;
  readonly usageRoot?: string;
}

/** An invoice as `GET .../billing/invoices/{id}` shows it (api.md, Billing). */
export interface InvoiceView {
  readonly id: string;
  readonly number: string | null;
  readonly status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  readonly currency: string;
  readonly subtotal: number;
  readonly total: number;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly dueDate: string | null;
  readonly paidAt: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lines: readonly InvoiceLineView[];
}

interface InvoiceRow {
  id: string;
  number: string | null;
  status: InvoiceView['status'];
  currency: string;
  subtotal: string;
  total: string;
  period_start: Date;
  period_end: Date;
  due_date: Date | null;
  paid_at: Date | null;
  attempts: number;
  next_attempt_at: Date | null;
  lines: (InvoiceLineView & { kind?: string; usageFrom?: string; usageTo?: string })[];
}

const iso = (at: Date | null) => at?.toISOString() ?? null;
const COLUMNS =
  'id, number, status, currency, subtotal::text as subtotal, total::text as total, period_start, period_end, due_date, paid_at, attempts, next_attempt_at, lines';

function toView(row: InvoiceRow): InvoiceView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    total: Number(row.total),
    periodStart: row.period_start.toISOString(),
    periodEnd: row.period_end.toISOString(),
    dueDate: iso(row.due_date),
    paidAt: iso(row.paid_at),
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    lines: row.lines.map(({ description, quantity, unitAmount, amount, usageRoot }) => ({
      description,
      quantity,
      unitAmount,
      amount,
      ...(usageRoot === undefined ? {} : { usageRoot }),
    })),
  };
}

/** The organization's invoices, newest period first. */
export async function listInvoices(tx: TenantTransaction, limit: number): Promise<InvoiceView[]> {
  const { rows } = await tx.query<InvoiceRow>(`select ${COLUMNS} from invoices where organization_id = $1 order by period_start desc limit $2`, [
    tx.organizationId,
    limit,
  ]);
  return rows.map(toView);
}

export async function findInvoice(tx: TenantTransaction, invoiceId: string): Promise<InvoiceView | undefined> {
  const { rows } = await tx.query<InvoiceRow>(`select ${COLUMNS} from invoices where organization_id = $1 and id = $2`, [tx.organizationId, invoiceId]);
  return rows[0] === undefined ? undefined : toView(rows[0]);
}

// Platform reads of the invoice job (every organization: a job, not a request).

/** Invoices still drafts (numbered and finalized by the next pass). */
export async function draftInvoices(db: Queryable, limit: number): Promise<{ organizationId: string; invoiceId: string }[]> {
  const { rows } = await db.query<{ id: string; organization_id: string }>(
    `select id, organization_id from invoices where status = 'draft' order by created_at limit $1`,
    [limit],
  );
  return rows.map((row) => ({ organizationId: row.organization_id, invoiceId: row.id }));
}

/** Open invoices whose next collection attempt is due at `now`. */
export async function invoicesToCollect(db: Queryable, now: Date, limit: number) {
  const { rows } = await db.query<{ id: string; organization_id: string; number: string; total: string; currency: string; attempts: number }>(
    `select id, organization_id, number, total::text as total, currency, attempts from invoices
      where status = 'open' and next_attempt_at <= $1 order by next_attempt_at limit $2`,
    [now, limit],
  );
  return rows.map((row) => ({ ...row, organizationId: row.organization_id, total: Number(row.total) }));
}

/** Which of these invoice ids exist already (drafted). */
export async function existingInvoiceIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>('select id from invoices where id = any($1::text[])', [ids]);
  return new Set(rows.map((row) => row.id));
}

/** Organizations whose current paid period has no invoice yet (the invoice job drafts what their history calls for). */
export async function uninvoicedSubscriptions(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ organization_id: string }>(
    `select s.organization_id from subscriptions s
      where s.current_period_start is not null and s.status <> 'canceled'
        and not exists (select 1 from invoices i where i.organization_id = s.organization_id and i.period_start = s.current_period_start)
      order by s.current_period_start limit $1`,
    [limit],
  );
  return rows.map((row) => row.organization_id);
}

/** Whether the organization is suspended: its subscription unpaid (dunning ran out). */
export async function isSuspended(db: Queryable, organizationId: string): Promise<boolean> {
  const { rows } = await db.query<{ status: string }>('select status from subscriptions where organization_id = $1', [organizationId]);
  return rows[0]?.status === 'unpaid';
}
