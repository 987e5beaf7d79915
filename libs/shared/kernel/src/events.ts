/**
 * Domain events as plain data: `{type, data, metadata}` with past-tense string types
 * (`WorkflowActivated`), never class names, so that what is stored does not depend on
 * how the code is organised.
 */
export interface EventMetadata {
  /** The tenant the event belongs to; absent only for platform-level streams. */
  readonly organizationId?: string;
  readonly actorId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** W3C trace context of the request that caused the event. */
  readonly traceparent?: string;
  readonly [key: string]: unknown;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/** An event as it is written: a stable id makes a retried append a no-op. */
export interface NewEvent<Type extends string = string, Data = unknown> extends DomainEvent<Type, Data> {
  readonly eventId: string;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
}

/**
 * A position in the global log. Ordered by (transactionId, position): a reader that
 * checkpoints on the pair never skips an event whose transaction committed late.
 * Both are 64-bit in PostgreSQL and carried as decimal strings to stay exact in JSON.
 */
export interface LogPosition {
  readonly transactionId: string;
  readonly position: string;
}

/** An event as it was stored. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamId: string;
  /** 0-based, unique per stream. */
  readonly streamVersion: number;
  readonly logPosition: LogPosition;
  readonly occurredAt: Date;
  /** sha256 over the previous event's hash in the stream and this event's canonical form. */
  readonly hash: string;
}
