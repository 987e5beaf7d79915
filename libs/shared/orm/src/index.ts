export * from './orm.js';
export * from './tenant-entity.js';
