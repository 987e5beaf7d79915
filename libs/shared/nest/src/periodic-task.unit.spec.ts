import { type Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicTask', () => {
  it('never overlaps passes, goes on after a failure, logs it, and stop waits for the pass in flight', async () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
    let active = 0;
    let most = 0;
    let passes = 0;
    let finished = 0;
    const task = new PeriodicTask(logger, 'the test job', async () => {
      active++;
      most = Math.max(most, active);
      passes++;
      await sleep(30); // longer than the interval: the ticks in between skip
      active--;
      finished++;
      if (passes === 1) throw new Error('first pass failed');
    });
    task.start({ firstAfterMs: 1, intervalMs: 5 });
    await sleep(120);
    await task.stop();
    expect(most).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(passes);
    expect(warnings).toEqual(['the test job did not run: first pass failed']);
    const stopped = passes;
    await sleep(30);
    expect(passes).toBe(stopped);
  });
});
