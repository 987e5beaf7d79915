export * from './organization-events.js';
export * from './team-events.js';
export * from './validate.js';
