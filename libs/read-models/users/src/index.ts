export { USERS_PROJECTION, usersProjection } from './users-projection.js';
export { type UserAccess, type UserView, findUserAccess, findUserById, findUsersByIds } from './users-queries.js';
export { API_KEYS_PROJECTION, apiKeysProjection } from './api-keys-projection.js';
export * from './api-keys-queries.js';

/** The read model's MikroORM entities, loaded (with MikroORM) on first use rather than when the library is imported. */
export const loadUsersEntities = async () => (await import('./users-entities.js')).usersEntities;
