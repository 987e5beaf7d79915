export * from './environment.js';
export * from './kafka.js';
export * from './platform.js';
export * from './test-database.js';
export * from './wait-until.js';
export * from './api-client.js';
export * from './type-checks.js';
