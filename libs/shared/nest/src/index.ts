export * from './config.js';
export * from './database.module.js';
export * from './health.js';
export * from './http-application.js';
export * from './problem-details.js';
export * from './validation.js';
