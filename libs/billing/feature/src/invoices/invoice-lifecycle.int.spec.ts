import { randomUUID } from 'node:crypto';
import { type PostgresEventStore, merkleRoot } from '@weft/eventstore';
import { type NewEvent } from '@weft/kernel';
import { Projector, tableChecksum } from '@weft/projections';
import { invoicesProjection, isSuspended } from '@weft/read-model-billing';
import { backboneMigrations } from '@weft/nest';
import { createTestDatabase, waitUntil } from '@weft/testing';
import { LocalPaymentProvider } from '../payments/local-payment-provider.js';
import { type SubscriptionClock } from '../subscriptions/subscription-clock.js';
import { type SubscriptionStreams, subscriptionStreamId } from '../subscriptions/subscription-streams.js';
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.fixture.js';
import { InvoiceCollection } from './invoice-collection.js';
import { InvoiceJob } from './invoice-job.js';
import { InvoiceStreams } from './invoice-streams.js';

// Invoices and dunning on the real PostgreSQL and event store, with the projections
// following the store and a clock the test controls: trial → activation (first invoice,
// paid) → runs → renewal (second invoice, with the runs and their Merkle root) → a
// declined card → past due → the retries → unpaid (suspended) → paid → active again.
// Then: two jobs at once decide everything once, and a rebuild reproduces the invoices
// byte for byte.

const DAY_MS = 86_400_000;
const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const config = { dueDays: 0, retryDays: [3, 5, 7] };

let harness: BillingHarness;
let database: BillingHarness['database'];
let store: PostgresEventStore;
let streams: SubscriptionStreams;
let clock: SubscriptionClock;
let provider: LocalPaymentProvider;
let invoices: InvoiceStreams;
let collection: InvoiceCollection;
const newJob = () => new InvoiceJob(database.db, store, { trialPlan: 'starter', clockIntervalMs: 60_000 }, config, invoices, collection);

const event = (type: string, organizationId: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { organizationId, ...data },
  metadata: { organizationId },
});

const createOrganization = (organizationId: string) => harness.createOrganization(organizationId, T0, at(14));

async function queueRuns(organizationId: string, instants: readonly Date[]): Promise<void> {
  for (const queuedAt of instants) {
    const executionId = randomUUID();
    await store.append(
      `execution.Execution-${executionId}`,
      [event('ExecutionQueued', organizationId, { executionId, queuedAt: queuedAt.toISOString() })],
      'no_stream',
    );
  }
}

const rowsOf = async (organizationId: string) =>
  (
    await database.db.query<{
      number: string;
      status: string;
      attempts: number;
      total: string;
      lines: { kind: string; quantity: number; usageRoot?: string }[];
    }>('select number, status, attempts, total::text as total, lines from invoices where organization_id = $1 order by period_start', [organizationId])
  ).rows;

/** Runs the job at `now` until the invoices read model shows what `done` wants (finalizing and collecting follow the projection). */
async function runJobUntil(now: Date, done: (rows: Awaited<ReturnType<typeof rowsOf>>) => boolean, organizationId: string) {
  const job = newJob();
  return waitUntil(
    async () => {
      await job.runOnce(now);
      const rows = await rowsOf(organizationId);
      return done(rows) ? rows : undefined;
    },
    { timeoutMs: 30_000, description: `the invoices at ${now.toISOString()}` },
  );
}

const statusOf = async (organizationId: string) => (await streams.show(organizationId)).status;

beforeAll(async () => {
  harness = await startBillingHarness(await createTestDatabase({ migrations: backboneMigrations }), 'starter', [[invoicesProjection, ['billing']]]);
  ({ database, store, streams, clock } = harness);
  provider = new LocalPaymentProvider();
  invoices = new InvoiceStreams(store);
  collection = new InvoiceCollection(invoices, streams, provider, config);
}, 60_000);

afterAll(() => harness?.close());

describe('invoices and dunning, with a controllable clock', () => {
  it('bills each period once, reports its runs with a Merkle root, and dunning runs from past due to unpaid and back', async () => {
    const org = randomUUID();
    await createOrganization(org);
    await clock.runOnce(at(0.1));
    await waitUntil(async () => (await statusOf(org).catch(() => undefined)) === 'trial' || undefined, { timeoutMs: 30_000, description: 'the trial' });
    await clock.runOnce(at(14.5));
    await waitUntil(async () => (await statusOf(org)) === 'active' || undefined, { timeoutMs: 30_000, description: 'the activation' });

    const first = await runJobUntil(at(14.5), (rows) => rows[0]?.status === 'paid', org);
    expect(first).toEqual([
      { number: expect.stringMatching(/^[0-9A-F]{8}-0001$/), status: 'paid', attempts: 1, total: '2900', lines: [expect.objectContaining({ kind: 'base' })] },
    ]);

    // Runs in the first paid period; one in the hour the second starts in belongs to the second.
    await queueRuns(org, [at(15), at(20), at(30)]);
    await queueRuns(org, [new Date('2026-04-15T12:30:00.000Z')]);
    provider.declineOrganization(org);
    await clock.runOnce(new Date('2026-04-16T00:00:00.000Z'));
    await waitUntil(async () => (await streams.show(org)).currentPeriodStart === '2026-04-15T12:00:00.000Z' || undefined, {
      timeoutMs: 30_000,
      description: 'the renewal',
    });
    const second = await runJobUntil(new Date('2026-04-16T00:00:00.000Z'), (rows) => rows[1]?.attempts === 1, org);
    expect(second[1]).toMatchObject({ number: expect.stringMatching(/-0002$/), status: 'open', total: '2900' });
    const usage = second[1]!.lines.find((line) => line.kind === 'usage')!;
    const counted = (await store.readAll({ filter: { organizationId: org, typePrefix: 'ExecutionQueued' } })).slice(0, 3);
    expect(usage).toMatchObject({ quantity: 3, usageRoot: merkleRoot(counted.map((e) => Buffer.from(e.hash, 'hex'))).toString('hex') });
    await waitUntil(async () => (await statusOf(org)) === 'past_due' || undefined, { timeoutMs: 30_000, description: 'past due' });

    // Nothing is due before the first retry: another pass charges nothing.
    const tried = provider.charges().length;
    await newJob().runOnce(new Date('2026-04-17T00:00:00.000Z'));
    expect(provider.charges()).toHaveLength(tried);
    await runJobUntil(new Date('2026-04-19T13:00:00.000Z'), (rows) => rows[1]?.attempts === 2, org);
    await runJobUntil(new Date('2026-04-24T13:00:00.000Z'), (rows) => rows[1]?.attempts === 3, org);
    const last = await runJobUntil(new Date('2026-05-01T13:00:00.000Z'), (rows) => rows[1]?.status === 'uncollectible', org);
    expect(last[1]).toMatchObject({ attempts: 4 });
    await waitUntil(async () => (await statusOf(org)) === 'unpaid' || undefined, { timeoutMs: 30_000, description: 'unpaid' });
    expect(await isSuspended(database.db, org)).toBe(true);

    provider.acceptOrganization(org);
    const [invoice] = (
      await database.db.query<{ id: string; number: string }>('select id, number from invoices where organization_id = $1 and status = $2', [
        org,
        'uncollectible',
      ])
    ).rows;
    expect(
      await collection.collect(
        { id: invoice!.id, organizationId: org, number: invoice!.number, total: 2900, currency: 'usd', attempts: 4 },
        new Date('2026-05-02T00:00:00.000Z'),
      ),
    ).toMatchObject({ status: 'paid' });
    await waitUntil(async () => (await statusOf(org)) === 'active' || undefined, { timeoutMs: 30_000, description: 'active again' });
    expect((await store.readStream(subscriptionStreamId(org))).map((e) => e.type).filter((type) => /PastDue|Unpaid|Recovered/.test(type))).toEqual([
      'SubscriptionPastDue',
      'SubscriptionUnpaid',
      'SubscriptionRecovered',
    ]);
    const paid = provider.charges().filter((charge) => charge.organizationId === org);
    // Two charges in all: the first invoice's first attempt and the second's fifth (the one paid by hand).
    expect(paid.map((charge) => charge.idempotencyKey)).toEqual([
      expect.stringMatching(/_20260315T120000Z:attempt:1$/),
      expect.stringMatching(/_20260415T120000Z:attempt:5$/),
    ]);
  }, 120_000);

  it('settles an invoice the provider says was paid out of band, once, and the subscription recovers', async () => {
    const org = randomUUID();
    await createOrganization(org);
    provider.declineOrganization(org);
    await clock.runOnce(at(0.1));
    await waitUntil(async () => (await statusOf(org).catch(() => undefined)) === 'trial' || undefined, { timeoutMs: 30_000, description: 'the trial' });
    await clock.runOnce(at(14.5));
    await waitUntil(async () => (await statusOf(org)) === 'active' || undefined, { timeoutMs: 30_000, description: 'the activation' });
    const [owed] = await runJobUntil(at(14.5), (rows) => rows[0]?.attempts === 1, org);
    await waitUntil(async () => (await statusOf(org)) === 'past_due' || undefined, { timeoutMs: 30_000, description: 'past due' });
    const [{ id }] = (await database.db.query<{ id: string }>('select id from invoices where organization_id = $1', [org])).rows as [{ id: string }];
    const payment = { providerPaymentId: 'pi_bank_debit', amount: Number(owed!.total), currency: 'usd' };
    await expect(collection.settleFromProvider(org, id, { ...payment, amount: 1 }, at(15))).rejects.toMatchObject({ code: 'invoice.amount_mismatch' });
    expect(await collection.settleFromProvider(org, id, payment, at(15))).toBe(true);
    await collection.settleFromProvider(org, id, payment, at(15.1)); // the webhook delivered again
    await waitUntil(async () => (await statusOf(org)) === 'active' || undefined, { timeoutMs: 30_000, description: 'active again' });
    expect((await rowsOf(org))[0]).toMatchObject({ status: 'paid' });
    const paid = (await store.readStream(`billing.Invoice-${id}`)).filter((e) => e.type === 'InvoicePaid');
    expect(paid).toHaveLength(1);
  }, 120_000);

  it('drafts, numbers and collects once when two jobs (two replicas) run together, and a rebuild reproduces the invoices byte for byte', async () => {
    const orgs = [randomUUID(), randomUUID()];
    for (const org of orgs) await createOrganization(org);
    await clock.runOnce(at(0.1));
    for (const org of orgs)
      await waitUntil(async () => (await statusOf(org).catch(() => undefined)) === 'trial' || undefined, { timeoutMs: 30_000, description: 'the trials' });
    await clock.runOnce(new Date('2026-05-20T00:00:00.000Z')); // activation and two renewals at once
    for (const org of orgs)
      await waitUntil(async () => (await streams.show(org)).currentPeriodStart === '2026-05-15T12:00:00.000Z' || undefined, {
        timeoutMs: 30_000,
        description: 'renewed',
      });
    const now = new Date('2026-05-20T00:00:00.000Z');
    await waitUntil(
      async () => {
        await Promise.all([newJob().runOnce(now), newJob().runOnce(now)]);
        const rows = (await Promise.all(orgs.map(rowsOf))).flat();
        return rows.length === 6 && rows.every((row) => row.status === 'paid') ? rows : undefined;
      },
      { timeoutMs: 30_000, description: 'three invoices each, paid' },
    );
    for (const org of orgs) {
      expect((await rowsOf(org)).map((row) => row.number.slice(-4))).toEqual(['0001', '0002', '0003']);
      expect(provider.charges().filter((charge) => charge.organizationId === org)).toHaveLength(3);
    }
    // The live projection may still be applying the last pass's events: wait until the table holds still.
    const checksum = () => tableChecksum(database.db, 'invoices', { orderBy: ['id'] });
    let previous = await checksum();
    const before = await waitUntil(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const current = await checksum();
        const still = current.digest === previous.digest ? current : undefined;
        previous = current;
        return still;
      },
      { timeoutMs: 30_000, description: 'the invoices read model at rest' },
    );
    await new Projector(database.db, invoicesProjection).rebuild(store);
    expect(await checksum()).toEqual(before);
  }, 120_000);
});
