import { tickId } from '@weft/execution-domain';
import { type ScheduledTrigger, missedTickPolicyOf, planTicks, tickItem, workflowZoneOf } from './schedule-ticks.js';

const workflowId = '0b6f3c1e-6a39-4c55-9a52-3c1f1d1e2a10';
const everyMinute = (extra: Partial<ScheduledTrigger['schedule']> = {}): ScheduledTrigger => ({
  workflowId,
  version: 3,
  schedule: { nodeId: 'tick', cron: '0 * * * * *', interval: null, timezone: null, ...extra },
  activatedAt: new Date('2026-12-02T10:00:00.400Z'),
});
const at = (iso: string) => new Date(iso);
const times = (plan: ReturnType<typeof planTicks>) => plan.ticks.map((t) => t.scheduledAt.toISOString());

describe('missedTickPolicyOf / workflowZoneOf', () => {
  it('reads settings.missedTicks, defaulting to skip for anything unknown', () => {
    expect(missedTickPolicyOf(undefined)).toBe('skip');
    expect(missedTickPolicyOf({})).toBe('skip');
    expect(missedTickPolicyOf({ missedTicks: 'fireOnce' })).toBe('fireOnce');
    expect(missedTickPolicyOf({ missedTicks: 'fireAll' })).toBe('fireAll');
    expect(missedTickPolicyOf({ missedTicks: 'FIREALL' })).toBe('skip');
    expect(missedTickPolicyOf({ missedTicks: 3 })).toBe('skip');
  });

  it('reads settings.timezone when it is a non-empty string', () => {
    expect(workflowZoneOf({ timezone: ' Europe/Berlin ' })).toBe('Europe/Berlin');
    expect(workflowZoneOf({ timezone: '' })).toBeNull();
    expect(workflowZoneOf({ timezone: 42 })).toBeNull();
    expect(workflowZoneOf(undefined)).toBeNull();
  });
});

describe('tickItem', () => {
  it('gives the UTC timestamp and readable fields in the zone, as n8n does', () => {
    expect(tickItem(at('2026-12-02T07:05:09Z'), 'Europe/Berlin')).toEqual({
      timestamp: '2026-12-02T07:05:09.000Z',
      timezone: 'Europe/Berlin',
      'Readable date': 'December 2nd 2026, 8:05:09 am',
      'Readable time': '8:05:09 am',
      'Day of week': 'Wednesday',
      Year: '2026',
      Month: 'December',
      'Day of month': '02',
      Hour: '08',
      Minute: '05',
      Second: '09',
      Timezone: 'Europe/Berlin (UTC+01:00)',
    });
  });

  it('handles UTC, midnight, noon, the afternoon and ordinals', () => {
    expect(tickItem(at('2026-03-01T00:00:00Z'), 'UTC')).toMatchObject({
      'Readable date': 'March 1st 2026, 12:00:00 am',
      Hour: '00',
      Timezone: 'UTC (UTC+00:00)',
    });
    expect(tickItem(at('2026-03-11T12:30:00Z'), 'UTC')).toMatchObject({ 'Readable date': 'March 11th 2026, 12:30:00 pm', Hour: '12' });
    expect(tickItem(at('2026-03-23T17:00:00Z'), 'America/New_York')).toMatchObject({
      'Readable date': 'March 23rd 2026, 1:00:00 pm',
      Hour: '13',
      Timezone: 'America/New_York (UTC-04:00)',
    });
    expect(tickItem(at('2026-07-22T03:00:00Z'), 'Asia/Kolkata')).toMatchObject({
      'Day of month': '22',
      'Readable time': '8:30:00 am',
      Timezone: 'Asia/Kolkata (UTC+05:30)',
    });
  });
});

describe('planTicks', () => {
  it('fires the on-time ticks since the activation with the tick id as execution id', () => {
    const plan = planTicks({ ...everyMinute(), activatedAt: at('2026-12-02T10:00:20Z') }, null, at('2026-12-02T10:01:05Z'), {});
    expect(times(plan)).toEqual(['2026-12-02T10:01:00.000Z']);
    expect(plan.ticks[0]).toMatchObject({
      catchUp: false,
      executionId: tickId(workflowId, 'tick', at('2026-12-02T10:01:00Z')),
      item: { timestamp: '2026-12-02T10:01:00.000Z', timezone: 'UTC' },
    });
    expect(plan.next?.toISOString()).toBe('2026-12-02T10:02:00.000Z');
    // The tick at the activation second itself is before the activation instant: not fired.
    expect(times(planTicks(everyMinute({ cron: '* * * * * *' }), null, at('2026-12-02T10:00:02Z'), {}))).toEqual([
      '2026-12-02T10:00:01.000Z',
      '2026-12-02T10:00:02.000Z',
    ]);
  });

  it('does not refire the last fired tick or anything before it', () => {
    expect(times(planTicks(everyMinute(), at('2026-12-02T10:02:00Z'), at('2026-12-02T10:02:30Z'), {}))).toEqual([]);
    expect(times(planTicks(everyMinute(), at('2026-12-02T10:01:00Z'), at('2026-12-02T10:02:30Z'), {}))).toEqual(['2026-12-02T10:02:00.000Z']);
  });

  it('ignores a last fired tick of an earlier activation: no tick from before the (re-)activation fires', () => {
    const trigger = { ...everyMinute(), activatedAt: at('2026-12-02T12:00:10Z'), version: 4 };
    const plan = planTicks(trigger, at('2026-12-02T10:05:00Z'), at('2026-12-02T12:01:05Z'), { missedTicks: 'fireAll' });
    expect(times(plan)).toEqual(['2026-12-02T12:01:00.000Z']);
  });

  it('after downtime: skip by default, fireOnce the latest missed, fireAll every missed one', () => {
    const last = at('2026-12-02T10:01:00Z');
    const now = at('2026-12-02T10:10:30Z'); // 10:02 … 10:09 are over a minute old: missed; 10:10 is on time
    expect(times(planTicks(everyMinute(), last, now, {}))).toEqual(['2026-12-02T10:10:00.000Z']);
    expect(planTicks(everyMinute(), last, now, {}).droppedMissed).toBe(true);
    expect(times(planTicks(everyMinute(), last, now, { missedTicks: 'fireOnce' }))).toEqual(['2026-12-02T10:09:00.000Z', '2026-12-02T10:10:00.000Z']);
    const all = planTicks(everyMinute(), last, now, { missedTicks: 'fireAll' });
    expect(all.ticks).toHaveLength(9);
    expect(all.ticks.filter((t) => t.catchUp)).toHaveLength(8);
    expect(all.droppedMissed).toBe(false);
  });

  it('uses the schedule zone, else the workflow zone, for the ticks and the item', () => {
    const daily = (timezone: string | null) => ({ ...everyMinute({ cron: '0 9 * * *', timezone }), activatedAt: at('2026-12-01T00:00:00Z') });
    const now = at('2026-12-02T08:00:30Z');
    expect(times(planTicks(daily(null), at('2026-12-01T09:00:00Z'), now, { timezone: 'Europe/Berlin' }))).toEqual(['2026-12-02T08:00:00.000Z']);
    expect(planTicks(daily(null), at('2026-12-01T09:00:00Z'), now, { timezone: 'Europe/Berlin' }).ticks[0]?.item).toMatchObject({
      Hour: '09',
      timezone: 'Europe/Berlin',
    });
    expect(times(planTicks(daily('UTC'), at('2026-12-01T09:00:00Z'), now, { timezone: 'Europe/Berlin' }))).toEqual([]);
  });

  it('anchors intervals at the activation, truncated to the second', () => {
    const trigger = { ...everyMinute({ cron: null, interval: { every: 10, unit: 'seconds' } }) };
    expect(times(planTicks(trigger, null, at('2026-12-02T10:00:25Z'), {}))).toEqual(['2026-12-02T10:00:10.000Z', '2026-12-02T10:00:20.000Z']);
  });

  it('throws for a schedule that does not compute', () => {
    expect(() => planTicks(everyMinute({ cron: 'not a cron' }), null, at('2026-12-02T10:02:30Z'), {})).toThrow();
    expect(() => planTicks(everyMinute({ timezone: 'Mars/Olympus' }), null, at('2026-12-02T10:02:30Z'), {})).toThrow();
  });
});
