export * from './application-buses.js';
export * from './backbone.module.js';
export * from './context-service.js';
export * from './database-connection.js';
export * from './database.module.js';
export * from './projections.module.js';
export * from './run-http-service.js';
export * from './service.module.js';
