import { patchRequestQueue } from './kafka-client.js';

// kafkajs's request queue, patched: no timer when nothing is pending and nothing is
// throttled (it used to reschedule itself every millisecond forever, with a
// TimeoutNegativeWarning), and still a timer when a request waits.

type Queue = ReturnType<typeof patchRequestQueue>['prototype'];

function queue(state: { pending?: unknown[]; throttledUntil?: number }): Queue & { checks: number } {
  const RequestQueue = patchRequestQueue();
  const q = Object.assign(Object.create(RequestQueue.prototype) as Queue, { pending: [], throttledUntil: -1, throttleCheckTimeoutId: null, checks: 0 }, state);
  q.checkPendingRequests = () => (q as Queue & { checks: number }).checks++;
  return q as Queue & { checks: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the patched kafkajs request queue', () => {
  it('schedules nothing when nothing is pending and nothing is throttled', () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const q = queue({});
      q.scheduleCheckPendingRequests();
      expect(q.throttleCheckTimeoutId).toBeNull();
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('checks again soon when a request waits, and when the throttle ends', async () => {
    const waiting = queue({ pending: [{}] });
    waiting.scheduleCheckPendingRequests();
    expect(waiting.checks).toBe(0);
    await sleep(40);
    expect(waiting.checks).toBe(1);
    const throttled = queue({ throttledUntil: Date.now() + 120 });
    throttled.scheduleCheckPendingRequests();
    await sleep(40);
    expect(throttled.checks).toBe(0);
    await sleep(150);
    expect(throttled.checks).toBe(1);
  });

  it('keeps one timer at a time', () => {
    const q = queue({ pending: [{}] });
    q.scheduleCheckPendingRequests();
    const first = q.throttleCheckTimeoutId;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBe(first);
    clearTimeout(first!);
  });
});
