export * from './workflow-events.js';
export * from './credential-events.js';
export * from './validate.js';
