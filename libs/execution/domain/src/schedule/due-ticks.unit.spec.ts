import { dueTicks, type DueTicks, type MissedTickPolicy, type ScheduleDefinition } from './index.js';

const hourly: ScheduleDefinition = { nodeId: 'trigger', cron: '0 * * * *', interval: null, timezone: null, anchor: '2026-01-01T00:00:00Z' };
const at = (text: string) => new Date(text);
const view = (due: DueTicks) => ({
  fire: due.fire.map((tick) => `${tick.scheduledAt.toISOString()}${tick.catchUp ? ' catch-up' : ''}`),
  droppedMissed: due.droppedMissed,
  next: due.next?.toISOString() ?? null,
});

describe('dueTicks', () => {
  it('fires the tick that just came due, whatever the policy', () => {
    for (const policy of ['skip', 'fireOnce', 'fireAll'] as const) {
      expect(view(dueTicks(hourly, at('2026-01-01T09:00:00Z'), at('2026-01-01T10:00:00.200Z'), policy))).toEqual({
        fire: ['2026-01-01T10:00:00.000Z'],
        droppedMissed: false,
        next: '2026-01-01T11:00:00.000Z',
      });
    }
  });

  it('fires nothing between ticks', () => {
    expect(view(dueTicks(hourly, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:30:00Z')))).toEqual({
      fire: [],
      droppedMissed: false,
      next: '2026-01-01T11:00:00.000Z',
    });
  });

  // Down from just after 06:00 until 10:20: the ticks 07:00 .. 10:00 were missed (older than the 60 s grace).
  it.each<[MissedTickPolicy, string[], boolean]>([
    ['skip', [], true],
    ['fireOnce', ['2026-01-01T10:00:00.000Z catch-up'], true],
    [
      'fireAll',
      ['2026-01-01T07:00:00.000Z catch-up', '2026-01-01T08:00:00.000Z catch-up', '2026-01-01T09:00:00.000Z catch-up', '2026-01-01T10:00:00.000Z catch-up'],
      false,
    ],
  ])('after downtime, policy %s', (policy, fire, droppedMissed) => {
    expect(view(dueTicks(hourly, at('2026-01-01T06:00:00Z'), at('2026-01-01T10:20:00Z'), policy))).toEqual({
      fire,
      droppedMissed,
      next: '2026-01-01T11:00:00.000Z',
    });
  });

  it('skips by default', () => {
    expect(dueTicks(hourly, at('2026-01-01T06:00:00Z'), at('2026-01-01T10:20:00Z')).fire).toEqual([]);
  });

  it('fireOnce fires the catch-up and an on-time tick that is due too', () => {
    const due = dueTicks({ ...hourly, cron: '* * * * * *' }, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:05:00Z'), 'fireOnce', { graceMs: 2000 });
    expect(view(due).fire).toEqual(['2026-01-01T10:04:58.000Z catch-up', '2026-01-01T10:04:59.000Z', '2026-01-01T10:05:00.000Z']);
    expect(due.droppedMissed).toBe(true);
  });

  it('fireAll keeps the most recent ticks up to the cap and says it dropped the rest', () => {
    const everySecond: ScheduleDefinition = {
      nodeId: 'trigger',
      cron: null,
      interval: { every: 1, unit: 'seconds' },
      timezone: null,
      anchor: '2026-01-01T00:00:00Z',
    };
    const due = dueTicks(everySecond, null, at('2026-01-31T00:00:00Z'), 'fireAll');
    expect(due.fire).toHaveLength(100);
    expect(due.fire[0]!.scheduledAt.toISOString()).toBe('2026-01-30T23:58:21.000Z');
    expect(due.fire.at(-1)!.scheduledAt.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(due.fire.filter((tick) => !tick.catchUp)).toHaveLength(60);
    expect(due.droppedMissed).toBe(true);
    expect(dueTicks(everySecond, null, at('2026-01-31T00:00:00Z'), 'fireAll', { maxCatchUp: 5 }).fire).toHaveLength(5);
  });

  it('counts from the anchor (activation) when nothing has fired yet', () => {
    const everyTenMinutes: ScheduleDefinition = {
      nodeId: 'trigger',
      cron: null,
      interval: { every: 10, unit: 'minutes' },
      timezone: null,
      anchor: '2026-01-01T12:03:00Z',
    };
    expect(view(dueTicks(everyTenMinutes, null, at('2026-01-01T12:13:00.500Z')))).toEqual({
      fire: ['2026-01-01T12:13:00.000Z'],
      droppedMissed: false,
      next: '2026-01-01T12:23:00.000Z',
    });
    expect(view(dueTicks(everyTenMinutes, null, at('2026-01-01T12:05:00Z')))).toEqual({ fire: [], droppedMissed: false, next: '2026-01-01T12:13:00.000Z' });
  });

  it('without history or anchor, fires only on-time ticks', () => {
    const noAnchor: ScheduleDefinition = { ...hourly, anchor: null };
    expect(view(dueTicks(noAnchor, null, at('2026-01-01T10:00:30Z'), 'fireAll')).fire).toEqual(['2026-01-01T10:00:00.000Z']);
    expect(view(dueTicks(noAnchor, null, at('2026-01-01T10:05:00Z'), 'fireAll')).fire).toEqual([]);
  });

  it('never fires twice: a tick at lastFiredAt is excluded, and a clock behind lastFiredAt waits for the one after it', () => {
    expect(view(dueTicks(hourly, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:00:00.300Z'), 'fireAll'))).toEqual({
      fire: [],
      droppedMissed: false,
      next: '2026-01-01T11:00:00.000Z',
    });
    expect(view(dueTicks(hourly, at('2026-01-01T10:00:00Z'), at('2026-01-01T09:59:59Z'), 'fireAll'))).toEqual({
      fire: [],
      droppedMissed: false,
      next: '2026-01-01T11:00:00.000Z',
    });
  });

  it('fires the Berlin 02:30 daily tick once on the fall-back night', () => {
    const daily: ScheduleDefinition = { nodeId: 'trigger', cron: '30 2 * * *', interval: null, timezone: 'Europe/Berlin' };
    const first = dueTicks(daily, at('2026-10-24T00:30:00Z'), at('2026-10-25T00:30:01Z'));
    expect(view(first)).toEqual({ fire: ['2026-10-25T00:30:00.000Z'], droppedMissed: false, next: '2026-10-26T01:30:00.000Z' });
    expect(dueTicks(daily, at('2026-10-25T00:30:00Z'), at('2026-10-25T01:30:01Z')).fire).toEqual([]);
  });

  it('uses the workflow zone from the options', () => {
    const nine: ScheduleDefinition = { nodeId: 'trigger', cron: '0 9 * * *', interval: null, timezone: null };
    expect(view(dueTicks(nine, at('2026-01-01T00:00:00Z'), at('2026-01-02T08:00:10Z'), 'skip', { zone: 'Europe/Berlin' })).fire).toEqual([
      '2026-01-02T08:00:00.000Z',
    ]);
  });

  it('refuses bad options', () => {
    expect(() => dueTicks(hourly, null, at('2026-01-01T00:00:00Z'), 'fireAll', { maxCatchUp: 0 })).toThrow(/maxCatchUp/);
    expect(() => dueTicks(hourly, null, at('2026-01-01T00:00:00Z'), 'skip', { graceMs: -1 })).toThrow(/graceMs/);
  });
});
