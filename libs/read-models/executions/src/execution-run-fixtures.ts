import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';

/** One execution's stream for the read model's tests: events with consecutive stream versions. */
export class RunEvents {
  readonly executionId = randomUUID();
  readonly events: RecordedEvent[] = [];
  private version = -1;

  constructor(readonly organizationId: string) {}

  event(type: string, data: Record<string, unknown> = {}): RecordedEvent {
    this.version += 1;
    const e = {
      eventId: randomUUID(),
      streamId: `execution.Execution-${this.executionId}`,
      streamVersion: this.version,
      type,
      schemaVersion: 1,
      data: { executionId: this.executionId, organizationId: this.organizationId, ...data },
      metadata: {},
      occurredAt: new Date(),
    } as unknown as RecordedEvent;
    this.events.push(e);
    return e;
  }
}
