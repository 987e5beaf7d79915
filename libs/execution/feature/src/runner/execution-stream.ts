import { type ExecutionCommand, type ExecutionEvent, type ExecutionState, executionDecider, executionStreamId } from '@weft/execution-domain';
import { type CommandContext, type EventStreamStore, type NewEvent, commandMetadata, isConcurrencyError } from '@weft/kernel';
import { type ExecutionCommandBody, type LoadedExecution, loadExecution, newExecutionEvent } from './execution-store.js';

/**
 * One execution's stream as the process that drives it sees it: commands are decided
 * against the state held here (no read per command), and their events wait in
 * `pending` until `flush` appends them all at once with the version they were decided
 * on. A run that starts and ends quickly is then one append; a conflict (somebody
 * else wrote: a cancel, a takeover) reloads the stream and decides the pending
 * commands again, so what is appended always follows from what is stored.
 *
 * Events are made the kernel's way (`newExecutionEvent`: `handleCommand`'s ids,
 * metadata and schema versions). The stream is itself the context of the commands it
 * decides: its organization and nothing else — a run's progress is the platform's, and
 * absent facts take no bytes in the events it writes for every run.
 */
export class ExecutionStream implements CommandContext {
  private state: ExecutionState;
  private version: number;
  private commands: ExecutionCommand[] = [];
  private pending: NewEvent[] = [];

  private constructor(
    private readonly store: EventStreamStore,
    readonly executionId: string,
    readonly organizationId: string,
    loaded: Pick<LoadedExecution, 'state' | 'version'>,
  ) {
    this.state = loaded.state;
    this.version = loaded.version;
  }

  /** A stream nobody wrote yet (a new execution: no read). */
  static fresh(store: EventStreamStore, executionId: string, organizationId: string): ExecutionStream {
    return new ExecutionStream(store, executionId, organizationId, { state: executionDecider.initialState(), version: -1 });
  }

  static async load(store: EventStreamStore, executionId: string, organizationId: string): Promise<ExecutionStream> {
    return new ExecutionStream(store, executionId, organizationId, await loadExecution(store, executionId));
  }

  /** The state after the pending commands. */
  get current(): ExecutionState {
    return this.state;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Decides `command` now (refusals throw here), keeping its events for the next flush.
   * Its metadata is the stream's own (`commandMetadata` of the organization); `metadata`
   * adds facts: another context's (`commandMetadata(context)`), or an actor.
   */
  decide(body: ExecutionCommandBody, now = new Date()): readonly ExecutionEvent[] {
    const own = commandMetadata(this, now);
    const metadata = body.metadata === undefined ? own : { ...own, ...body.metadata };
    const command = { type: body.type, data: body.data, metadata } as ExecutionCommand;
    const events = executionDecider.decide(command, this.state);
    this.keep(command, events);
    return events;
  }

  /**
   * Appends what is pending; on a conflict reloads and decides the pending commands
   * again (refusals throw). Returns how many events were appended: 0 when somebody else
   * had recorded the same already (a schedule tick queued by another replica).
   */
  flush(): Promise<number> {
    const flushed = this.flushing.then(() => this.flushNow());
    this.flushing = flushed.then(
      () => undefined,
      () => undefined,
    );
    return flushed;
  }

  private flushing: Promise<void> = Promise.resolve();

  private keep(command: ExecutionCommand, events: readonly ExecutionEvent[]): void {
    this.commands.push(command);
    for (let index = 0; index < events.length; index++) this.pending.push(newExecutionEvent(command, events[index]!, index));
    this.state = events.reduce(executionDecider.evolve, this.state);
  }

  private async flushNow(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const count = this.pending.length;
      if (count === 0) return 0;
      const commandCount = this.commands.length;
      try {
        // Many runs write at once, each to its own stream: group commit shares their commits.
        const append = this.store.appendGrouped ? this.store.appendGrouped.bind(this.store) : this.store.append.bind(this.store);
        const appended = await append(executionStreamId(this.executionId), this.pending.slice(0, count), this.version < 0 ? 'no_stream' : this.version);
        this.version = appended.streamVersion;
        // Commands decided while the append was in flight stay pending for the next flush.
        this.pending.splice(0, count);
        this.commands.splice(0, commandCount);
        return count;
      } catch (error) {
        if (!isConcurrencyError(error) || attempt >= 3) throw error;
        await this.redecide();
      }
    }
  }

  private async redecide(): Promise<void> {
    const loaded = await loadExecution(this.store, this.executionId);
    const commands = this.commands;
    this.state = loaded.state;
    this.version = loaded.version;
    this.commands = [];
    this.pending = [];
    for (const command of commands) this.keep(command, executionDecider.decide(command, this.state));
  }
}
