import { type ThrottleLimit, type ThrottleStore } from './throttle-store.js';

export interface InMemoryThrottleStoreOptions {
  /** Keys tracked at most per scope; the least recently hit are forgotten first. Default 100 000. */
  readonly maxTrackedKeys?: number;
}

/**
 * Hits in process memory: per process, so only for one replica and for tests. Each key
 * keeps at most its scope's `maxFailures` latest hits within the window, and each scope
 * at most `maxTrackedKeys` keys, so a spray of addresses cannot grow it without bound.
 */
export class InMemoryThrottleStore implements ThrottleStore {
  // Map order = least recently hit first, so the first key is the one to forget.
  private readonly scopes = new Map<string, Map<string, number[]>>();
  private readonly maxKeys: number;

  constructor(options: InMemoryThrottleStoreOptions = {}) {
    this.maxKeys = options.maxTrackedKeys ?? 100_000;
  }

  record(scope: string, key: string, at: number, limit: ThrottleLimit): Promise<void> {
    const hits = this.hitsOf(scope);
    const start = at - limit.windowSeconds * 1000;
    const kept = [...(hits.get(key) ?? []).filter((hit) => hit > start), at].slice(-limit.maxFailures);
    hits.delete(key);
    hits.set(key, kept);
    if (hits.size > this.maxKeys) hits.delete(hits.keys().next().value as string);
    return Promise.resolve();
  }

  recent(scope: string, key: string, since: number, max: number): Promise<number[]> {
    const hits = this.scopes.get(scope)?.get(key) ?? [];
    return Promise.resolve(hits.filter((hit) => hit > since).slice(-max));
  }

  clear(scope: string, key: string): Promise<void> {
    this.scopes.get(scope)?.delete(key);
    return Promise.resolve();
  }

  private hitsOf(scope: string): Map<string, number[]> {
    let hits = this.scopes.get(scope);
    if (hits === undefined) {
      hits = new Map();
      this.scopes.set(scope, hits);
    }
    return hits;
  }
}
