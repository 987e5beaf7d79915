export * from './security/index.js';
export { IdentityModule, type IdentityModuleOptions } from './identity.module.js';
export { type IdentityConfig, type IdentityConfigSources, kidOf, loadIdentityConfig } from './config/identity-config.js';
export { persistedSecret } from './config/generated-secret.js';
export { type AuthenticatedUser } from './auth/jwt.strategy.js';
export { CurrentUser, JwtAuthGuard } from './auth/jwt-auth.guard.js';
export { type AuthResponse } from './session/auth-response.js';
export { type MeResponse } from './me/get-me.query.js';
