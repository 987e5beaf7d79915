/**
 * What of the event store leaves a context. The relay publishes every stored event
 * through `publishedForm`: events that are a context's own business (sessions, one-time
 * token hashes, email reservations) stay in the store, and secret fields are removed from
 * the rest. The event store keeps everything: it is the source of truth for credentials.
 *
 * Kept here, in the contracts, because what other contexts may see is part of the public
 * contract, and because the relay runs in processes that may not see a context's code.
 */

/**
 * Internal events: never published. Identity's carry one-time token hashes, token
 * rotations, reservations, or a user's index of sessions (`UserSession...`).
 */
const INTERNAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'UserEmailVerificationRequested',
  'UserPasswordResetRequested',
  'RefreshTokenRotated',
  'EmailReserved',
  'UserSessionOpened',
  'UserSessionsRevoked',
  // Tenancy's slug reservations: how uniqueness is decided, nobody else's business.
  'SlugReserved',
  'SlugReleased',
  // Workflows' slug and webhook-route reservations: WorkflowActivated/Deactivated carry the routes.
  'WorkflowSlugReserved',
  'WorkflowSlugReleased',
  'WebhookRouteReserved',
  'WebhookRouteReleased',
  // Billing's invoice numbering: how numbers stay gapless; InvoiceFinalized carries the number.
  'InvoiceNumberAssigned',
  // Execution's engine checkpoints: how a run resumes on another worker, nobody else's business.
  'ExecutionCheckpointed',
]);

/**
 * Fields of published events that carry secrets, by event type. A session's start is
 * published without its token hash: read models want `last_login_at`, never the token.
 */
const SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  UserRegistered: ['passwordHash'],
  UserPasswordChanged: ['passwordHash'],
  RefreshTokenFamilyStarted: ['tokenHash'],
  // An invitation is published (read models list it) without the hash of its token.
  MemberInvited: ['tokenHash'],
  // Credentials are published as metadata only: the encrypted blob stays in the store.
  // Ciphertext on Kafka would be copied into every consumer, log and retention window,
  // out of reach of key rotation and deletion; no consumer needs it (workers decrypt
  // from the workflows context), so it is not published.
  CredentialCreated: ['encrypted'],
  CredentialUpdated: ['encrypted'],
  CredentialReencrypted: ['encrypted'],
};

/** True when events of this type may leave their context at all. */
export function isPublishedEventType(type: string): boolean {
  return !INTERNAL_EVENT_TYPES.has(type);
}

/**
 * The form of a stored event that may be published, or `null` when it stays internal.
 * A published event keeps its id, position and hash (consumers deduplicate and order by
 * them); its hash is over the stored form, so only the event store can verify chains.
 */
export function publishedForm<E extends { readonly type: string; readonly data: unknown }>(event: E): E | null {
  if (!isPublishedEventType(event.type)) return null;
  const secrets = SECRET_FIELDS[event.type];
  if (!secrets || typeof event.data !== 'object' || event.data === null) return event;
  const data = Object.fromEntries(Object.entries(event.data).filter(([field]) => !secrets.includes(field)));
  return { ...event, data };
}
