import { Inject, Injectable } from '@nestjs/common';
import { type Checkpoint, type Item } from '@weft/engine-core';
import { type ExistingExecution } from '@weft/execution-domain';
import { type EventStreamStore, UserError, isUuid } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { ExecutionPayloadStore } from '../runner/execution-payload-store.js';
import { loadExecution } from '../runner/execution-store.js';

const notFound = () => new UserError('not_found', 'execution.not_found', 'No such execution.');
const notWaiting = () => new UserError('not_found', 'execution.not_waiting', 'No execution waits for a call on this URL.');

/** Executions as their streams say they are now, and what they were queued with (the input, the last checkpoint), wherever it is kept. */
@Injectable()
export class ExecutionStates {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly payloads: ExecutionPayloadStore,
  ) {}

  /** The organization's execution `executionId`; 404 when there is none (or it is another organization's). */
  async existing(organizationId: string, executionId: string): Promise<ExistingExecution> {
    const id = executionId.toLowerCase();
    if (!isUuid(id)) throw notFound();
    const { state } = await loadExecution(this.store, id);
    if (state.status === 'none' || state.organizationId !== organizationId) throw notFound();
    return state;
  }

  /** Any organization's execution `executionId`, `undefined` when there is none (the platform's scans). */
  async found(executionId: string): Promise<ExistingExecution | undefined> {
    const { state } = await loadExecution(this.store, executionId);
    return state.status === 'none' ? undefined : state;
  }

  /** The execution `executionId` when it waits for its resume webhook; 404 otherwise (the id is the only secret of that URL). */
  async waitingForWebhook(executionId: string): Promise<ExistingExecution> {
    const id = executionId.toLowerCase();
    if (!isUuid(id)) throw notWaiting();
    const { state } = await loadExecution(this.store, id);
    if (state.status !== 'waiting' || state.waitingOn?.webhook !== true) throw notWaiting();
    return state;
  }

  /** The items the run was queued with (a lost stored input: one empty item). */
  async inputOf(state: ExistingExecution): Promise<Item[]> {
    if (state.input) return state.input as unknown as Item[];
    if (state.inputRef) return (await this.payloads.read<Item[]>(state.organizationId, state.inputRef)) ?? [{ json: {} }];
    return [{ json: {} }];
  }

  /** The last recorded checkpoint, `undefined` before the first. */
  async checkpointOf(state: ExistingExecution): Promise<Checkpoint | undefined> {
    if (state.checkpoint) return state.checkpoint as Checkpoint;
    if (state.checkpointRef) return this.payloads.read<Checkpoint>(state.organizationId, state.checkpointRef);
    return undefined;
  }
}
