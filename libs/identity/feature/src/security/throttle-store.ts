/** At most `maxFailures` hits in any `windowSeconds`. */
export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

/**
 * Where throttles keep their hits: timestamps per (scope, key). A scope is one counter
 * family with one limit (`login:email`, `account-mail:ip`, …); keys are compared
 * exactly, so callers normalise them first. Times are milliseconds since the epoch,
 * from the caller's clock, so that tests can move time.
 */
export interface ThrottleStore {
  /**
   * Records one hit on `key` in `scope` at `at`. `limit` is the scope's limit: hits
   * older than its window, or beyond its latest `maxFailures`, no longer matter and
   * the store may forget them.
   */
  record(scope: string, key: string, at: number, limit: ThrottleLimit): Promise<void>;
  /** The times of the hits on `key` in `scope` later than `since`, oldest first: at most the latest `max`. */
  recent(scope: string, key: string, since: number, max: number): Promise<number[]>;
  /** Forgets every hit on `key` in `scope`. */
  clear(scope: string, key: string): Promise<void>;
}
