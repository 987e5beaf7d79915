import { UserError } from './errors.js';

/** The stream was not at the version the writer expected: reload, decide again, retry. */
export class ConcurrencyError extends UserError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: string | number,
    readonly actualVersion: number | undefined,
  ) {
    super('conflict', 'stream.version_conflict', `Stream ${streamId} is at version ${actualVersion ?? 'none'}, expected ${expectedVersion}`, {
      streamId,
      expectedVersion,
      actualVersion,
    });
    this.name = 'ConcurrencyError';
  }
}

/** An event id was reused for a different event: a bug in id generation, never retried. */
export class EventIdConflictError extends UserError {
  constructor(readonly eventId: string) {
    super('conflict', 'event.id_conflict', `Event id ${eventId} was already used for a different event`, { eventId });
    this.name = 'EventIdConflictError';
  }
}

/** The stream was deleted (tombstoned): it can be neither read nor written again. */
export class StreamDeletedError extends UserError {
  constructor(readonly streamId: string) {
    super('not_found', 'stream.deleted', `Stream ${streamId} was deleted`, { streamId });
    this.name = 'StreamDeletedError';
  }
}

export const isConcurrencyError = (error: unknown): error is ConcurrencyError => error instanceof ConcurrencyError;
