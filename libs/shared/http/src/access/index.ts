export * from './principal.js';
export * from './access.decorators.js';
export { AccessCheck, AccessGuard } from './access.guard.js';
