import { uuidV5 } from '@weft/kernel';
import { tickId, WEFT_SCHEDULE_TICK_NAMESPACE } from './index.js';

describe('tickId', () => {
  const scheduledAt = new Date('2026-03-29T01:00:00Z');

  it('is the same for every replica computing the same tick', () => {
    const ids = [
      tickId('wf-1', 'trigger', scheduledAt),
      tickId('wf-1', 'trigger', new Date(scheduledAt.getTime())),
      tickId('wf-1', 'trigger', '2026-03-29T01:00:00.000Z'),
      tickId('wf-1', 'trigger', '2026-03-29T03:00:00+02:00'),
    ];
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is a v5 UUID of workflow, node and instant', () => {
    expect(tickId('wf-1', 'trigger', scheduledAt)).toBe(uuidV5(WEFT_SCHEDULE_TICK_NAMESPACE, 'schedule-tick/wf-1/trigger/2026-03-29T01:00:00.000Z'));
  });

  it.each([
    ['another workflow', tickId('wf-2', 'trigger', scheduledAt)],
    ['another node', tickId('wf-1', 'trigger-2', scheduledAt)],
    ['another instant', tickId('wf-1', 'trigger', new Date('2026-03-29T01:00:01Z'))],
  ])('differs for %s', (_name, other) => {
    expect(other).not.toBe(tickId('wf-1', 'trigger', scheduledAt));
  });

  it('refuses a non-date', () => {
    expect(() => tickId('wf-1', 'trigger', 'yesterday')).toThrow(/not a date/);
  });
});
