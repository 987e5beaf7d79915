import { randomUUID } from 'node:crypto';
import { type PostgresEventStore } from '@weft/eventstore';
import { SYSTEM_ACTOR } from '@weft/kernel';
import { backboneMigrations } from '@weft/nest';
import { createTestDatabase, waitUntil } from '@weft/testing';
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.fixture.js';
import { type SubscriptionClock } from './subscription-clock.js';
import { type SubscriptionStreams, subscriptionStreamId } from './subscription-streams.js';

// A subscription's life on the real PostgreSQL and event store, with the projections
// following the store as in the embedded platform and a clock the test controls: the
// trial starts once for a created organization, activates at its end, renews, changes
// plan with proration, is canceled at the period's end; two clocks ticking at once (two
// replicas) decide everything once. (The organization's own columns following these
// events: libs/read-models/tenancy, tenancy-projection.int.spec.ts, and the e2e.)

const DAY_MS = 86_400_000;
const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);

let harness: BillingHarness;
let store: PostgresEventStore;
let streams: SubscriptionStreams;
let clock: SubscriptionClock;

const createOrganization = (organizationId: string, trialDays: number) => harness.createOrganization(organizationId, T0, at(trialDays));

const view = (organizationId: string) => streams.show(organizationId);
const eventsOf = async (organizationId: string) => (await store.readStream(subscriptionStreamId(organizationId))).map((e) => e.type);
const settled = (organizationId: string, check: (v: Awaited<ReturnType<typeof view>>) => boolean) =>
  waitUntil(
    async () =>
      view(organizationId).then(
        (v) => (check(v) ? v : undefined),
        () => undefined,
      ),
    { timeoutMs: 30_000, description: 'the subscription projected' },
  );

beforeAll(async () => {
  harness = await startBillingHarness(await createTestDatabase({ migrations: backboneMigrations }), 'starter');
  ({ store, streams, clock } = harness);
}, 60_000);

afterAll(() => harness?.close());

describe('a subscription’s life, with a controllable clock', () => {
  it('trial → active → renewed → plan change with proration → canceled at the period’s end', async () => {
    const org = randomUUID();
    await createOrganization(org, 14);

    expect(await clock.runOnce(at(0.1))).toMatchObject({ trialsStarted: 1 });
    expect(await settled(org, (v) => v.status === 'trial')).toMatchObject({ planSlug: 'starter', trialEndsAt: at(14).toISOString(), cancelAtPeriodEnd: false });
    expect(await clock.runOnce(at(0.2))).toEqual({ trialsStarted: 0, advanced: 0 });

    await clock.runOnce(at(14.5));
    expect(await settled(org, (v) => v.status === 'active')).toMatchObject({
      currentPeriodStart: at(14).toISOString(),
      currentPeriodEnd: '2026-04-15T12:00:00.000Z',
    });
    await clock.runOnce(new Date('2026-04-20T00:00:00.000Z'));
    const renewed = await settled(org, (v) => v.currentPeriodStart === '2026-04-15T12:00:00.000Z');
    expect(renewed.currentPeriodEnd).toBe('2026-05-15T12:00:00.000Z');

    // 10 of the period's 30 days left: a third of each price, to the second, rounded down.
    const tenDaysLeft = new Date('2026-05-05T12:00:00.000Z');
    const metadata = { commandId: randomUUID(), now: tenDaysLeft, organizationId: org, actorId: randomUUID(), actorType: 'user' as const };
    const pro = await streams.offeredPlan('pro');
    await streams.decideAndShow({ type: 'ChangeSubscriptionPlan', data: pro, metadata });
    const changed = (await store.readStream(subscriptionStreamId(org))).find((e) => e.type === 'SubscriptionPlanChanged');
    expect(changed?.data).toMatchObject({ planSlug: 'pro', previousPlanSlug: 'starter', proration: { credit: 966, charge: 3_300 } });

    const canceled = await streams.decideAndShow({ type: 'CancelSubscription', data: {}, metadata: { ...metadata, commandId: randomUUID() } });
    expect(canceled).toMatchObject({ planSlug: 'pro', cancelAtPeriodEnd: true, endsAt: '2026-05-15T12:00:00.000Z' });

    await clock.runOnce(new Date('2026-05-16T00:00:00.000Z'));
    expect(await settled(org, (v) => v.status === 'canceled')).toMatchObject({ endsAt: '2026-05-15T12:00:00.000Z', cancelAtPeriodEnd: false });
    expect(await eventsOf(org)).toEqual([
      'SubscriptionTrialStarted',
      'SubscriptionActivated',
      'SubscriptionRenewed',
      'SubscriptionPlanChanged',
      'SubscriptionCancellationScheduled',
      'SubscriptionCanceled',
    ]);
  });

  it('decides each trial and each period once when two clocks (two replicas) tick together', async () => {
    const orgs = [randomUUID(), randomUUID(), randomUUID()];
    for (const org of orgs) await createOrganization(org, 0);
    const other = harness.newClock();
    await Promise.all([clock.runOnce(at(0.5)), other.runOnce(at(0.5))]);
    // A trial that ended at creation may be activated by the same tick, once the subscription is projected.
    for (const org of orgs) await settled(org, (v) => v.status === 'trial' || v.status === 'active');
    await Promise.all([clock.runOnce(at(40)), other.runOnce(at(40)), clock.runOnce(at(40))]);
    for (const org of orgs) {
      await settled(org, (v) => v.status === 'active' && v.currentPeriodEnd !== null && new Date(v.currentPeriodEnd) > at(40));
      expect(await eventsOf(org)).toEqual(['SubscriptionTrialStarted', 'SubscriptionActivated', 'SubscriptionRenewed']);
    }
    const systemActors = (await store.readStream(subscriptionStreamId(orgs[0]!))).map((e) => e.metadata['actorId']);
    expect(systemActors.every((actor) => actor === SYSTEM_ACTOR.id)).toBe(true);
  });
});
