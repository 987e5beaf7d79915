import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type InvoicePlan, invoicePlans } from '@weft/billing-domain';
import { type EventStore } from '@weft/eventstore';
import { EVENT_STORE, PeriodicTask } from '@weft/nest';
import { Database } from '@weft/postgres';
import { draftInvoices, existingInvoiceIds, invoicesToCollect, uninvoicedSubscriptions } from '@weft/read-model-billing';
import { type BillingConfig } from '../billing-config.js';
import { BILLING_CONFIG } from '../billing.tokens.js';
import { InvoiceCollection } from './invoice-collection.js';
import { INVOICING_CONFIG, type InvoicingConfig } from './invoicing-config.js';
import { InvoiceStreams, jobMetadata } from './invoice-streams.js';
import { usageLine } from './usage-line.js';

const BATCH = 200;
const DAY_MS = 86_400_000;

export interface InvoiceJobReport {
  readonly drafted: number;
  readonly finalized: number;
  readonly collected: number;
}

/**
 * The invoice job, every BILLING_CLOCK_INTERVAL_MS in every process that runs billing:
 * drafts the invoices a subscription's history calls for (invoice-schedule.ts in the
 * domain: one at the start of each paid period), numbers and finalizes them, and collects
 * the open ones that are due (InvoiceCollection: attempts, dunning). Exactly once across
 * replicas by construction: invoice ids, numbers and attempts are derived from what they
 * are for, and each decider records each once (a replica that loses a race decides
 * nothing); the read model only says where to look.
 */
@Injectable()
export class InvoiceJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('invoice-job');
  private readonly task = new PeriodicTask(this.logger, 'the invoice job', () => this.runOnce(new Date()));

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BILLING_CONFIG) private readonly billing: BillingConfig,
    @Inject(INVOICING_CONFIG) private readonly config: InvoicingConfig,
    private readonly invoices: InvoiceStreams,
    private readonly collection: InvoiceCollection,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start({ intervalMs: this.billing.clockIntervalMs });
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass at `now` (tests pass their own clock). */
  async runOnce(now: Date): Promise<InvoiceJobReport> {
    const drafted = await this.draftDue(now);
    let finalized = 0;
    for (const { organizationId, invoiceId } of [...drafted, ...(await draftInvoices(this.db, BATCH))])
      finalized += await this.finalize(organizationId, invoiceId, now);
    let collected = 0;
    for (const invoice of await invoicesToCollect(this.db, now, BATCH)) {
      const { status } = await this.collection.collect(invoice, now);
      collected += status === 'paid' ? 1 : 0;
    }
    const report = { drafted: drafted.length, finalized, collected };
    if (drafted.length + finalized + collected > 0)
      this.logger.log(`invoices: ${report.drafted} drafted, ${report.finalized} finalized, ${report.collected} paid`);
    return report;
  }

  private async draftDue(now: Date): Promise<{ organizationId: string; invoiceId: string }[]> {
    const drafted: { organizationId: string; invoiceId: string }[] = [];
    for (const organizationId of await uninvoicedSubscriptions(this.db, BATCH)) {
      const plans = invoicePlans(await this.invoices.subscriptionHistory(organizationId)).filter((plan) => new Date(plan.periodStart) <= now);
      const existing = await existingInvoiceIds(
        this.db,
        plans.map((plan) => plan.invoiceId),
      );
      for (const plan of plans) {
        // Numbered in period order before anything else: every replica walks the periods in
        // order and a number is assigned once, so the numbers follow the periods whoever drafts.
        await this.invoices.numberFor(organizationId, plan.invoiceId, now);
        if (!existing.has(plan.invoiceId) && (await this.draft(plan, now))) drafted.push({ organizationId, invoiceId: plan.invoiceId });
      }
    }
    return drafted;
  }

  private async draft(plan: InvoicePlan, now: Date): Promise<boolean> {
    const lines = plan.usageWindow === null ? plan.lines : [...plan.lines, await usageLine(this.store, plan.organizationId, plan.usageWindow)];
    const { invoiceId, periodStart, periodEnd, currency, organizationId } = plan;
    const metadata = jobMetadata(organizationId, `invoice:${invoiceId}:draft`, now);
    const result = await this.invoices.decide(invoiceId, { type: 'DraftInvoice', data: { invoiceId, periodStart, periodEnd, currency, lines }, metadata });
    // A replica that lost the race replays the winner's events (the same command id): not drafted here.
    return !result.replayed && result.newEvents.length > 0;
  }

  private async finalize(organizationId: string, invoiceId: string, now: Date): Promise<number> {
    const number = await this.invoices.numberFor(organizationId, invoiceId, now);
    const dueDate = new Date(now.getTime() + this.config.dueDays * DAY_MS).toISOString();
    const metadata = jobMetadata(organizationId, `invoice:${invoiceId}:finalize`, now);
    const result = await this.invoices.decide(invoiceId, { type: 'FinalizeInvoice', data: { number, dueDate }, metadata });
    return result.replayed ? 0 : result.newEvents.length;
  }
}
