export * from './orm.js';
export * from './tenant-entity.js';
export * from './tenant-entity-manager.js';
