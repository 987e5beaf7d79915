import { FairWorkQueue } from './fair-work-queue.js';

/** A job that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    run: async () => {
      log.push(name);
      await released;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the fair work queue', () => {
  it('runs at most `concurrency` jobs and at most `perOrganization` of one organization', async () => {
    const queue = new FairWorkQueue({ concurrency: 3, perOrganization: 2 });
    const log: string[] = [];
    const jobs = ['a1', 'a2', 'a3', 'b1', 'b2'].map((name) => ({ name, ...gate(log, name) }));
    const done = jobs.map((job) => queue.submit(job.name[0]!, job.run));
    await tick();
    expect(log).toEqual(['a1', 'a2', 'b1']); // a3 waits: a is at its limit
    expect(queue.size).toEqual({ waiting: 2, running: 3 });
    jobs[0]!.release();
    await tick();
    expect(log).toEqual(['a1', 'a2', 'b1', 'a3']); // a's turn came first
    for (const job of jobs) job.release();
    await Promise.all(done);
    expect(log).toEqual(['a1', 'a2', 'b1', 'a3', 'b2']);
    expect(queue.size).toEqual({ waiting: 0, running: 0 });
  });

  it('takes organizations in turn, so a burst of one does not starve another', async () => {
    const queue = new FairWorkQueue({ concurrency: 1, perOrganization: 1 });
    const log: string[] = [];
    const noisy = Array.from({ length: 5 }, (_v, i) => queue.submit('noisy', async () => void log.push(`noisy${i}`)));
    const quiet = queue.submit('quiet', async () => void log.push('quiet'));
    await Promise.all([...noisy, quiet]);
    expect(log.slice(0, 3)).toEqual(['noisy0', 'noisy1', 'quiet']); // one of noisy's after the running one, then quiet's turn
    expect(log).toHaveLength(6);
  });

  it('passes a failure to the submitter and carries on', async () => {
    const queue = new FairWorkQueue({ concurrency: 1, perOrganization: 1 });
    const failing = queue.submit('a', async () => {
      throw new Error('boom');
    });
    const next = queue.submit('a', async () => undefined);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
  });

  it('refuses limits below one', () => {
    expect(() => new FairWorkQueue({ concurrency: 0, perOrganization: 1 })).toThrow(/at least 1/);
  });
});
