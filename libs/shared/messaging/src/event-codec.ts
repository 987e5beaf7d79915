import { contextOfStream, type RecordedEvent } from '@weft/kernel';
import { topicOf } from './event-bus.js';

/** An event as it travels: the same shape for Kafka and the in-process bus. */
export interface BusMessage {
  /** The stream id: one stream's events share a partition, so they stay in order. */
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON of the whole `RecordedEvent` (`occurredAt` as an ISO string). */
  readonly value: string;
}

/**
 * An event whose stream id names no context (`<context>.<aggregate>-<id>`) has no topic.
 * A bug in the writer, not a broker failure: retrying does not help.
 */
export class UnroutableEventError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId}: stream id '${streamId}' names no context (expected '<context>.<aggregate>-<id>')`);
    this.name = 'UnroutableEventError';
  }
}

/** The topic an event is published to. */
export function topicOfEvent(event: RecordedEvent, topicPrefix?: string): string {
  const context = contextOfStream(event.streamId);
  if (context === undefined) throw new UnroutableEventError(event.streamId, event.eventId);
  return topicOf(context, topicPrefix);
}

export function encodeEvent(event: RecordedEvent): BusMessage {
  const headers: Record<string, string> = {
    'event-id': event.eventId,
    'event-type': event.type,
    'schema-version': String(event.schemaVersion),
  };
  if (event.metadata.organizationId !== undefined) headers['organization-id'] = event.metadata.organizationId;
  if (event.metadata.traceparent !== undefined) headers['traceparent'] = event.metadata.traceparent;
  // JSON.stringify turns the Date into its ISO string; decodeEvent turns it back.
  return { key: event.streamId, headers, value: JSON.stringify(event) };
}

export function decodeEvent(value: string): RecordedEvent {
  const raw = JSON.parse(value) as Omit<RecordedEvent, 'occurredAt'> & { occurredAt: string };
  const occurredAt = new Date(raw.occurredAt);
  if (typeof raw.eventId !== 'string' || typeof raw.streamId !== 'string' || Number.isNaN(occurredAt.getTime())) {
    throw new Error('not an encoded RecordedEvent: eventId, streamId or occurredAt missing');
  }
  return { ...raw, occurredAt };
}

/**
 * Encodes a batch grouped by topic, in the batch's order within each topic. Every event is
 * routed before any is returned, so one unroutable event fails the whole publish.
 */
export function encodeByTopic(events: readonly RecordedEvent[], topicPrefix?: string): Map<string, BusMessage[]> {
  const byTopic = new Map<string, BusMessage[]>();
  for (const event of events) {
    const topic = topicOfEvent(event, topicPrefix);
    const messages = byTopic.get(topic) ?? [];
    messages.push(encodeEvent(event));
    byTopic.set(topic, messages);
  }
  return byTopic;
}
