export * from './execution/index.js';
export * from './schedule/index.js';
