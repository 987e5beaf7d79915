export * from './execution-events.js';
export * from './validate.js';
