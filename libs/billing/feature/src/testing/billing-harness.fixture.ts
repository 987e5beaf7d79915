// The billing context on the real PostgreSQL and event store, as the lifecycle specs run
// it: the projections following the store as in the embedded platform, the seeded plans,
// the subscription streams and a clock the test drives (`runOnce(now)`).
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@weft/eventstore';
import { type NewEvent } from '@weft/kernel';
import { ReadYourWrites } from '@weft/nest';
import { type Database } from '@weft/postgres';
import { type ProjectionDefinition, ProjectionWatermarks, Projector } from '@weft/projections';
import { plansProjection, subscriptionsProjection } from '@weft/read-model-billing';
import { PlanSeeding } from '../plans/plan-seeding.js';
import { SubscriptionClock } from '../subscriptions/subscription-clock.js';
import { SubscriptionStreams } from '../subscriptions/subscription-streams.js';

/** A database of its own, with backboneMigrations applied (the spec's createTestDatabase). */
export interface HarnessDatabase {
  readonly db: Database;
  drop(): Promise<void>;
}

/** Polls `check` until it answers something (the harness may not use the test library's waitUntil: it is not a spec). */
async function until<T>(check: () => Promise<T | undefined>, description: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface BillingHarness {
  readonly database: HarnessDatabase;
  readonly store: PostgresEventStore;
  readonly streams: SubscriptionStreams;
  /** The subscription clock on `trialPlan` (a second one: `newClock()`). */
  readonly clock: SubscriptionClock;
  newClock(): SubscriptionClock;
  /** Appends tenancy's OrganizationCreated (its trial from `createdAt` to `trialEndsAt`) and waits until billing has projected it. */
  createOrganization(organizationId: string, createdAt: Date, trialEndsAt: Date): Promise<void>;
  close(): Promise<void>;
}

/** Starts the harness on `database`; `more` are projections to run besides plans and subscriptions, with their contexts. */
export async function startBillingHarness(
  database: HarnessDatabase,
  trialPlan: string,
  more: readonly [ProjectionDefinition, string[]][] = [],
): Promise<BillingHarness> {
  const store = new PostgresEventStore(database.db);
  const watermarks = new ProjectionWatermarks(database.db);
  const following = new AbortController();
  const running: Promise<void>[] = [];
  const definitions: [ProjectionDefinition, string[]][] = [[plansProjection, ['billing']], [subscriptionsProjection, ['billing', 'tenancy']], ...more];
  for (const [definition, contexts] of definitions) {
    const projector = new Projector(database.db, definition, { watermarks });
    await projector.ensureTables();
    running.push(projector.runFromStore(store, following.signal, contexts));
  }
  const readYourWrites = new ReadYourWrites(watermarks, { config: { readYourWritesTimeoutMs: 5_000 } } as ConstructorParameters<typeof ReadYourWrites>[1]);
  const streams = new SubscriptionStreams(store, database.db, readYourWrites);
  const newClock = () => new SubscriptionClock(database.db, { trialPlan, clockIntervalMs: 60_000 }, streams);
  await new PlanSeeding(store).onApplicationBootstrap();
  await until(async () => (await streams.offeredPlan(trialPlan).catch(() => undefined)) ?? undefined, 'the seeded plans');
  return {
    database,
    store,
    streams,
    clock: newClock(),
    newClock,
    createOrganization: (organizationId, createdAt, trialEndsAt) => createOrganization(database, store, organizationId, createdAt, trialEndsAt),
    async close() {
      following.abort();
      await Promise.allSettled(running);
      await store.close();
      await database.drop();
    },
  };
}

async function createOrganization(
  database: HarnessDatabase,
  store: PostgresEventStore,
  organizationId: string,
  createdAt: Date,
  trialEndsAt: Date,
): Promise<void> {
  const data = {
    organizationId,
    name: `Org ${organizationId.slice(0, 8)}`,
    slug: `org-${organizationId}`,
    description: null,
    ownerId: randomUUID(),
    settings: {},
    subscriptionStatus: 'trial',
    trialStartedAt: createdAt.toISOString(),
    trialEndsAt: trialEndsAt.toISOString(),
    isActive: true,
    createdAt: createdAt.toISOString(),
  };
  const event: NewEvent = { eventId: randomUUID(), type: 'OrganizationCreated', schemaVersion: 1, data, metadata: { organizationId } };
  await store.append(`tenancy.Organization-${organizationId}`, [event], 'no_stream');
  const known = async () =>
    (await database.db.query('select 1 from billing_organizations where organization_id = $1', [organizationId])).rowCount === 1 ? true : undefined;
  await until(known, 'the organization projected by billing');
}
