import { type EventMetadata } from './events.js';

/** Turns the data of one schema version into the data of the next one. */
export type Upcaster = (data: unknown, metadata: EventMetadata) => unknown;

/** The part of an event upcasting looks at; the rest is carried over unchanged. */
export interface VersionedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

/**
 * Keeps old events readable after their schema changes. Each upcaster moves one event
 * type from one version to the next; reading applies them in a chain, so an event
 * written at version 1 is seen at the latest version. Stored events are never rewritten.
 */
export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();
  private readonly latest = new Map<string, number>();

  /** Registers the step `fromVersion` → `fromVersion + 1` for `type`. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    if (!Number.isInteger(fromVersion) || fromVersion < 1) throw new Error(`Schema versions start at 1; got ${fromVersion} for ${type}`);
    const key = keyOf(type, fromVersion);
    if (this.upcasters.has(key)) throw new Error(`An upcaster for ${type} v${fromVersion} is already registered`);
    this.upcasters.set(key, upcast);
    this.latest.set(type, Math.max(this.latest.get(type) ?? 1, fromVersion + 1));
    return this;
  }

  /** The version new events of `type` are written at: 1 when it never changed. */
  latestVersion(type: string): number {
    return this.latest.get(type) ?? 1;
  }

  /** The event at the latest schema version its registered upcasters reach. */
  upcast<E extends VersionedEvent>(event: E): E {
    let current = event;
    for (;;) {
      const step = this.upcasters.get(keyOf(current.type, current.schemaVersion));
      if (step === undefined) return current;
      current = { ...current, data: step(current.data, current.metadata ?? {}), schemaVersion: current.schemaVersion + 1 };
    }
  }
}

const keyOf = (type: string, version: number) => `${type}\u0000${version}`;
