export { USERS_PROJECTION, usersProjection } from './users-projection.js';
export { type UserAccess, type UserView, findUserAccess, findUserById, findUsersByIds } from './users-queries.js';
export { API_KEYS_PROJECTION, apiKeysProjection } from './api-keys-projection.js';
export * from './api-keys-queries.js';
