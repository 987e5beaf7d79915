import pg from 'pg';
import { type Database } from '@weft/postgres';

const CHANNEL = 'weft_events_appended';

/** Appends within this window share one NOTIFY: a NOTIFY per commit serialises commits. */
const ANNOUNCE_WINDOW_MS = 10;

/**
 * Wakes waiting subscribers when events were appended: at once for appends made through
 * this process, by LISTEN/NOTIFY for appends from other processes, and by a poll interval
 * as the fallback (a notification can arrive while the oldest transaction still holds
 * the events back). A single-connection database never gets a listening connection:
 * it would take the only one, so there the poll interval alone stands in for it (and
 * no other process can reach an embedded database to be told).
 */
export class AppendNotifier {
  private readonly waiters = new Set<() => void>();
  private listener: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private announceTimer: NodeJS.Timeout | undefined;
  private announcePending = false;

  constructor(
    private readonly db: Database,
    private readonly pollIntervalMs: number,
  ) {}

  /** Counts wake-ups, so that one arriving between a read and the next wait is not lost. */
  private wakeUps = 0;

  /** The current wake-up count: pass it to `wait` after reading. */
  get generation(): number {
    return this.wakeUps;
  }

  /** Wakes every waiter now. */
  notify(): void {
    this.wakeUps++;
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  /**
   * Tells other processes that events were committed: one NOTIFY at once, then at most
   * one more per window for the appends that follow, sent after their commits.
   */
  announce(): void {
    if (this.db.singleConnection || this.closed) return;
    if (this.announceTimer) {
      this.announcePending = true;
      return;
    }
    this.sendNotify();
    this.announceTimer = setTimeout(() => this.endAnnounceWindow(), ANNOUNCE_WINDOW_MS);
    this.announceTimer.unref();
  }

  private endAnnounceWindow(): void {
    this.announceTimer = undefined;
    if (!this.announcePending) return;
    this.announcePending = false;
    this.announce();
  }

  private sendNotify(): void {
    // A lost notification only delays readers until their next poll.
    this.db.query(`select pg_notify('${CHANNEL}', '')`).catch(() => undefined);
  }

  /** Waits for a wake-up after `since` (a `generation`), the poll interval, or the abort. */
  async wait(signal: AbortSignal, since: number): Promise<void> {
    // Never wait for the listener itself: until it is connected, polling stands in.
    if (!this.db.singleConnection) void this.ensureListening();
    if (signal.aborted || this.wakeUps !== since) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.pollIntervalMs);
      signal.addEventListener('abort', wake, { once: true });
      this.waiters.add(wake);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.announceTimer);
    this.notify();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Connects the listener once; on failure polling carries on and the next wait retries. */
  private ensureListening(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.options.url, application_name: 'weft-event-store-listener', connectionTimeoutMillis: 5_000 });
    const drop = () => {
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => this.notify());
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      if (this.closed) return drop();
      this.listener = client;
    } catch {
      drop();
    }
  }
}
