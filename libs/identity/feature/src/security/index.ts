export * from './phc.js';
export * from './password-hasher.js';
export * from './opaque-tokens.js';
export * from './jwt-key-ring.js';
export * from './access-tokens.js';
export * from './passport-key-provider.js';
export * from './login-throttle.js';
export * from './public-events.js';
