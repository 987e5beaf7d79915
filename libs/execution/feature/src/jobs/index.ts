import { type KafkaExecutionJobs } from './execution-jobs.js';

export { type ExecutionControl, type ExecutionJob, type ExecutionJobResult, type ExecutionJobsConfig, KafkaExecutionJobs } from './execution-jobs.js';

/** Injection token of the process's part in distributed execution (absent: everything runs here, the embedded way). */
export const EXECUTION_JOBS = Symbol('ExecutionJobs');

/** `service`: hands runs to the workers and waits for their results; `worker`: takes the jobs and runs them. */
export interface ExecutionJobsRole {
  readonly role: 'service' | 'worker';
  readonly jobs: KafkaExecutionJobs;
}
