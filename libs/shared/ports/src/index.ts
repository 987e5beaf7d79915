export * from './directories.js';
export * from './organization-ports.js';
export * from './run-credentials.js';
