export { Relay, type RelayOptions, type RelayStatus } from './relay.js';
export { relayMigrations } from './relay-migrations.js';
