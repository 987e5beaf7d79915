export { USERS_PROJECTION, usersProjection } from './users-projection.js';
export { type UserView, findUserById } from './users-queries.js';
