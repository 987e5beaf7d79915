export * from './plan-events.js';
export * from './subscription-events.js';
export * from './invoice-events.js';
export * from './validate.js';
