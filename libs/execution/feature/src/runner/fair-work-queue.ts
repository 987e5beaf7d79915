export interface FairWorkQueueOptions {
  /** Jobs running at once in this process. */
  readonly concurrency: number;
  /** Jobs of one organization running at once (its excess waits, never dropped). */
  readonly perOrganization: number;
}

interface Job {
  readonly run: () => Promise<void>;
  readonly done: (error?: unknown) => void;
}

/**
 * Runs jobs with a global and a per-organization concurrency limit. Waiting jobs are
 * kept per organization and started round-robin across organizations, so one tenant's
 * burst queues behind its own limit and never starves the others. Nothing is dropped:
 * a job waits until it can run.
 */
export class FairWorkQueue {
  private readonly waiting = new Map<string, Job[]>();
  private readonly runningByOrganization = new Map<string, number>();
  private running = 0;
  /** Organizations with waiting jobs, in round-robin order. */
  private readonly turn: string[] = [];

  constructor(private readonly options: FairWorkQueueOptions) {
    if (!(options.concurrency >= 1) || !(options.perOrganization >= 1)) throw new Error('concurrency limits must be at least 1');
  }

  /** Resolves (or rejects) with the job once it ran. */
  submit(organizationId: string, run: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(organizationId);
      const job = { run, done: (error?: unknown) => (error === undefined ? resolve() : reject(error)) };
      if (queue) queue.push(job);
      else {
        this.waiting.set(organizationId, [job]);
        this.turn.push(organizationId);
      }
      this.dispatch();
    });
  }

  /** Jobs waiting for a slot, and running. */
  get size(): { waiting: number; running: number } {
    let waiting = 0;
    for (const jobs of this.waiting.values()) waiting += jobs.length;
    return { waiting, running: this.running };
  }

  private dispatch(): void {
    let skipped = 0;
    while (this.running < this.options.concurrency && this.turn.length > 0 && skipped < this.turn.length) {
      const organizationId = this.turn.shift()!;
      const active = this.runningByOrganization.get(organizationId) ?? 0;
      if (active >= this.options.perOrganization) {
        this.turn.push(organizationId);
        skipped++;
        continue;
      }
      skipped = 0;
      const queue = this.waiting.get(organizationId)!;
      const job = queue.shift()!;
      if (queue.length > 0) this.turn.push(organizationId);
      else this.waiting.delete(organizationId);
      this.start(organizationId, job, active);
    }
  }

  private start(organizationId: string, job: Job, active: number): void {
    this.running++;
    this.runningByOrganization.set(organizationId, active + 1);
    const finish = (error?: unknown) => {
      this.running--;
      const left = (this.runningByOrganization.get(organizationId) ?? 1) - 1;
      if (left === 0) this.runningByOrganization.delete(organizationId);
      else this.runningByOrganization.set(organizationId, left);
      job.done(error);
      this.dispatch();
    };
    job.run().then(
      () => finish(),
      (error: unknown) => finish(error ?? new Error('job failed')),
    );
  }
}
