import { UserError } from '@weft/kernel';
import { type ExistingExecution } from './execution-state.js';

// The refusals shared by the lifecycle and the progress commands. All are `conflict`
// (409) but `not_found`: they tell a caller that the execution moved on without it.

export const executionNotFound = (): UserError => new UserError('not_found', 'execution.not_found', 'No such execution.');

export const alreadyFinished = (state: ExistingExecution): UserError =>
  new UserError('conflict', 'execution.already_finished', `The execution already finished (${state.status}).`, { status: state.status });

export const notRunning = (state: ExistingExecution): UserError =>
  new UserError('conflict', 'execution.not_running', `The execution is ${state.status}, not running.`, { status: state.status });

/** The worker's claim is not the current one: a takeover gave the run to another worker. */
export const leaseLost = (state: ExistingExecution): UserError =>
  new UserError('conflict', 'execution.lease_lost', 'Another worker holds this execution now; stop running it.', { lease: state.lease });
