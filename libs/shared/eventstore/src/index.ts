export * from './event-store.js';
export * from './hash-chain.js';
export * from './catch-up-subscription.js';
export { eventStoreMigrations } from './postgres/migrations.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export { type BeforeCommitHook } from './postgres/append.js';
export { type HashMismatch, type VerificationReport } from './postgres/verify-streams.js';
export * from './log-position.js';
export { nativeDeterministicEventId } from './event-ids.js';
