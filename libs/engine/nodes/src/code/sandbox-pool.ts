import { type ChildProcess, spawn } from 'node:child_process';
import { DataTooDeepError, type LogRoom, MAX_ITEM_DEPTH, RUN_LOG_LIMITS } from '@weft/engine-core';
import { jsonTextExceedsDepth } from '@weft/kernel';
import { boundConsoleLines } from './console-capture.js';
import { WORKER_SOURCE, wrapUserCode } from './worker-source.js';

/** One Code node run. */
export interface CodeTask {
  readonly code: string;
  readonly mode: 'runOnceForAllItems' | 'runOnceForEachItem';
  readonly items: readonly unknown[];
  /** What the task's console may still write (the run's `ctx.logRoom()`); the whole `RUN_LOG_LIMITS` when absent. */
  readonly logRoom?: LogRoom;
}

export interface CodeOutcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
  /** Console output within the task's log room, and a last line saying how many lines were dropped when some were. */
  readonly logs: readonly [string, string][];
  /** How much the sandbox's heap grew during the task, at its peak (bytes). */
  readonly heapBytes?: number;
}

/** The port the Code node uses; {@link CodeSandboxPool} is the process-isolated implementation. */
export interface CodeSandbox {
  run(task: CodeTask): Promise<CodeOutcome>;
}

export interface SandboxLimits {
  /** CPU time per task (V8 watchdog inside the worker). */
  readonly timeoutMs: number;
  /** Old-space heap of each worker process. */
  readonly memoryMb: number;
  /** Worker processes kept warm. */
  readonly poolSize: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 1000, memoryMb: 128, poolSize: 2 };

interface Job {
  readonly id: number;
  readonly payload: string;
  readonly wrapper: string;
  readonly logRoom: LogRoom;
  resolve(outcome: CodeOutcome): void;
}

interface Worker {
  readonly child: ChildProcess;
  job?: Job;
  timer?: NodeJS.Timeout;
}

interface WorkerReply {
  readonly id?: number;
  readonly output?: string;
  readonly error?: string;
  readonly ready?: boolean;
  readonly heapBytes?: number;
}

/**
 * A pool of locked-down worker processes for user code: Node's permission model (no fs,
 * child processes, workers or addons), a capped heap, a fresh V8 context per task, a CPU
 * time limit inside and a wall-clock kill outside. A worker that crashes (out of memory)
 * or hangs is replaced; the host carries on.
 */
export class CodeSandboxPool implements CodeSandbox {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS) {}

  run(task: CodeTask): Promise<CodeOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'sandbox is closed', logs: [] });
    return new Promise((resolve) => {
      const logRoom = task.logRoom ?? RUN_LOG_LIMITS;
      this.queue.push({
        id: this.nextId++,
        payload: JSON.stringify({ items: task.items, logRoom }),
        wrapper: wrapUserCode(task.code, task.mode),
        logRoom,
        resolve,
      });
      this.dispatch();
    });
  }

  /** Stops every worker; pending tasks fail. */
  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, error: 'sandbox closed', logs: [] });
    for (const worker of [...this.idle.splice(0), ...this.busy]) worker.child.kill('SIGKILL');
    this.busy.clear();
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.busy.size < this.limits.poolSize) {
      const worker = this.idle.pop() ?? this.spawnWorker();
      const job = this.queue.shift()!;
      worker.job = job;
      this.busy.add(worker);
      worker.child.ref();
      (worker.child.channel as { ref?: () => void } | undefined)?.ref?.();
      worker.timer = setTimeout(() => this.fail(worker, 'code exceeded its time limit'), this.limits.timeoutMs + 2000);
      worker.child.send({ id: job.id, payload: job.payload, wrapper: job.wrapper, timeoutMs: this.limits.timeoutMs });
    }
  }

  private spawnWorker(): Worker {
    const child = spawn(
      process.execPath,
      ['--permission', `--max-old-space-size=${this.limits.memoryMb}`, '--disallow-code-generation-from-strings', '-e', WORKER_SOURCE],
      {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        env: {},
      },
    );
    const worker: Worker = { child };
    child.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
    child.on('exit', () => this.fail(worker, 'code ran out of memory or crashed the sandbox'));
    child.on('error', () => this.fail(worker, 'sandbox process failed'));
    return worker;
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const job = worker.job;
    if (reply.ready || !job || reply.id !== job.id) return;
    this.release(worker);
    job.resolve(parseOutput(reply, job.logRoom));
  }

  private fail(worker: Worker, error: string): void {
    const job = worker.job;
    worker.job = undefined;
    clearTimeout(worker.timer);
    this.busy.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    job?.resolve({ ok: false, error, logs: [] });
    this.dispatch();
  }

  private release(worker: Worker): void {
    clearTimeout(worker.timer);
    worker.job = undefined;
    this.busy.delete(worker);
    worker.child.unref();
    // The IPC channel would keep the host's event loop alive otherwise.
    (worker.child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.idle.push(worker);
    this.dispatch();
  }
}

/** `{ok, value: [items or objects]}` around the items' `json`: the levels of the reply above it. */
const REPLY_ENVELOPE_DEPTH = 4;

function parseOutput(reply: WorkerReply, logRoom: LogRoom): CodeOutcome {
  const heap = typeof reply.heapBytes === 'number' ? { heapBytes: reply.heapBytes } : {};
  if (reply.error !== undefined) return { ok: false, error: reply.error, logs: [], ...heap };
  // The text is the user's to shape (code can pin its own result): its nesting is checked before parsing it costs anything.
  if (typeof reply.output === 'string' && jsonTextExceedsDepth(reply.output, MAX_ITEM_DEPTH + REPLY_ENVELOPE_DEPTH)) {
    return { ok: false, error: new DataTooDeepError("The node's output").message, logs: [], ...heap };
  }
  try {
    const parsed = JSON.parse(reply.output ?? '') as { ok: boolean; value?: unknown; error?: string; logs?: unknown; dropped?: unknown };
    // The worker bounds its console; the host bounds what it sent again (user code shares the worker's capture).
    const logs = boundConsoleLines(parsed.logs, parsed.dropped, logRoom);
    return { ok: parsed.ok, value: parsed.value, ...(parsed.error === undefined ? {} : { error: parsed.error }), logs, ...heap };
  } catch {
    return { ok: false, error: 'code returned data that is not JSON', logs: [], ...heap };
  }
}
