export * from './user-events.js';
export * from './api-key-events.js';
export * from './validate.js';
