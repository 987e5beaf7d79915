import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ReadinessRegistry } from '@weft/http';
import { ExecutionJobTaker } from './execution-job-taker.js';
import { EXECUTION_JOBS, type ExecutionJobsRole } from './index.js';

/** Connects the process's side of the jobs at start-up (ready once connected) and disconnects it at shutdown. */
@Injectable()
export class ExecutionJobsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-jobs');

  constructor(
    @Inject(EXECUTION_JOBS) private readonly jobs: ExecutionJobsRole,
    private readonly taker: ExecutionJobTaker,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register('executionJobs', async () => {
      if (!this.jobs.jobs.ready)
        throw new Error(`the ${this.jobs.role === 'service' ? 'results inbox' : 'jobs or control consumer'} has not joined its Kafka group yet`);
    });
    if (this.jobs.role === 'service') await this.jobs.jobs.startService();
    else
      await this.jobs.jobs.startWorker(
        (job) => this.taker.take(job),
        (message) => this.taker.control(message),
      );
    this.logger.log(`${this.jobs.role === 'service' ? 'handing runs to the workers' : 'taking jobs'} over Kafka`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.jobs.stop();
  }
}
