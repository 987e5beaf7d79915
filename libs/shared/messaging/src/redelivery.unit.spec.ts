import { deliverUntilAcknowledged, retryDelay } from './redelivery.js';

const fast = { initialDelayMs: 1, maxDelayMs: 4 };

describe('redelivery', () => {
  it('doubles the delay between attempts up to the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((failures) => retryDelay({ initialDelayMs: 100, maxDelayMs: 1000 }, failures))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('retries a failing handler until it resolves, reporting each failure', async () => {
    let attempts = 0;
    const failures: number[] = [];
    const acknowledged = await deliverUntilAcknowledged(
      async () => {
        attempts += 1;
        if (attempts < 4) throw new Error(`attempt ${attempts}`);
      },
      { signal: new AbortController().signal, retry: fast, onFailure: (_error, n) => failures.push(n) },
    );
    expect(acknowledged).toBe(true);
    expect(attempts).toBe(4);
    expect(failures).toEqual([1, 2, 3]);
  });

  it('abandons a running attempt when the signal aborts, without acknowledging', async () => {
    const abort = new AbortController();
    const outcome = deliverUntilAcknowledged(() => new Promise<void>(() => undefined), { signal: abort.signal, retry: fast, onFailure: () => undefined });
    abort.abort();
    expect(await outcome).toBe(false);
  });

  it('starts no new attempt once retrying is stopped, but lets a running one finish', async () => {
    const stop = new AbortController();
    let attempts = 0;
    const failing = deliverUntilAcknowledged(
      async () => {
        attempts += 1;
        stop.abort();
        throw new Error('fails');
      },
      { signal: new AbortController().signal, stopRetrying: stop.signal, retry: fast, onFailure: () => undefined },
    );
    expect(await failing).toBe(false);
    expect(attempts).toBe(1);

    let release!: () => void;
    const running = deliverUntilAcknowledged(() => new Promise<void>((resolve) => (release = resolve)), {
      signal: new AbortController().signal,
      stopRetrying: AbortSignal.abort(),
      retry: fast,
      onFailure: () => undefined,
    });
    release();
    expect(await running).toBe(true);
  });
});
