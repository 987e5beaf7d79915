/**
 * Metadata every published event carries (mirrors the kernel's `EventMetadata` and
 * what `eventMetadataFrom` hands on from a command): the tenant when there is one, who
 * acted and from where (the audit trail: client address and user agent are published on
 * purpose), and how the event relates to the request and command that caused it.
 */
export interface PublicEventMetadata {
  readonly organizationId?: string;
  readonly actorId?: string;
  /** What `actorId` names: `user`, `apiKey` or `system`. */
  readonly actorType?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly clientIp?: string;
  readonly userAgent?: string;
  readonly traceparent?: string;
  readonly [key: string]: unknown;
}

/** A published event: a past-tense string type, its data, and metadata. */
export interface PublicEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: PublicEventMetadata;
}
