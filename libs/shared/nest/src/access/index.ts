export * from './principal.js';
export * from './access.decorators.js';
export { AccessGuard } from './access.guard.js';
