import { abandonedAfterMs, holderVerdict, isAbandoned, watchdogVerdict } from './watchdog-verdicts.js';

const limits = { maxRunMs: 60_000, graceMs: 5_000 };
const run = (over: Partial<Parameters<typeof watchdogVerdict>[0]> = {}) => ({ startedAt: 0, lastProgressAt: 0, timeoutMs: null, abortedAt: null, ...over });

describe('watchdogVerdict', () => {
  it('leaves a run alone until it went EXECUTION_MAX_RUN_MS without progress', () => {
    expect(watchdogVerdict(run(), 59_999, limits)).toEqual({ action: 'none' });
    expect(watchdogVerdict(run(), 60_000, limits)).toMatchObject({ action: 'abort', reason: expect.stringContaining('no progress for 60000 ms') });
  });

  it('counts from the last progress, not from the start: a long run whose nodes keep finishing is not hung', () => {
    expect(watchdogVerdict(run({ lastProgressAt: 3_000_000 }), 3_050_000, limits)).toEqual({ action: 'none' });
  });

  it('aborts a run still going its grace past its workflow timeout (the engine did not stop it)', () => {
    const timed = run({ timeoutMs: 10_000, lastProgressAt: 14_000 });
    expect(watchdogVerdict(timed, 14_999, limits)).toEqual({ action: 'none' });
    expect(watchdogVerdict(timed, 15_000, limits)).toMatchObject({ action: 'abort', reason: expect.stringContaining('past its workflow timeout of 10000 ms') });
  });

  it('abandons an aborted run whose engine did not return within the grace, and only then', () => {
    expect(watchdogVerdict(run({ abortedAt: 100_000 }), 104_999, limits)).toEqual({ action: 'none' });
    expect(watchdogVerdict(run({ abortedAt: 100_000 }), 105_000, limits)).toEqual({ action: 'abandon' });
  });
});

describe('holderVerdict', () => {
  const local = { workerId: 'w1', lease: 2 };
  it('keeps a run the read model does not show yet, or shows at an older lease (this claim is not written yet)', () => {
    expect(holderVerdict(local, undefined)).toBe('keep');
    expect(holderVerdict(local, { engineStatus: 'queued', workerId: null, lease: 0 })).toBe('keep');
    expect(holderVerdict(local, { engineStatus: 'running', workerId: 'w0', lease: 1 })).toBe('keep');
    expect(holderVerdict(local, { engineStatus: 'running', workerId: 'w1', lease: 2 })).toBe('keep');
  });

  it('stops a canceled run (the cancel signal did not arrive)', () => {
    expect(holderVerdict(local, { engineStatus: 'canceled', workerId: 'w1', lease: 2 })).toBe('canceled');
  });

  it('gives up a run taken over or finished elsewhere', () => {
    expect(holderVerdict(local, { engineStatus: 'running', workerId: 'w2', lease: 3 })).toBe('lost');
    expect(holderVerdict(local, { engineStatus: 'running', workerId: 'w2', lease: 2 })).toBe('lost');
    expect(holderVerdict(local, { engineStatus: 'success', workerId: 'w2', lease: 3 })).toBe('lost');
  });
});

describe('isAbandoned', () => {
  it('leaves the holder its own watchdog (max + grace) and as much grace again before another worker takes over', () => {
    expect(abandonedAfterMs(limits)).toBe(70_000);
    expect(isAbandoned(0, 69_999, limits)).toBe(false);
    expect(isAbandoned(0, 70_000, limits)).toBe(true);
  });
});
