export { PLANS_PROJECTION, plansProjection } from './plans-projection.js';
export * from './plans-queries.js';
export { SUBSCRIPTIONS_PROJECTION, subscriptionsProjection } from './subscriptions-projection.js';
export * from './subscriptions-queries.js';

/** The read model's MikroORM entities, loaded (with MikroORM) on first use rather than when the library is imported. */
export const loadBillingEntities = async () => (await import('./billing-entities.js')).billingEntities;
export { USAGE_PROJECTION, type UsageCounter, type UsageGauge, hourOf, usageProjection } from './usage-projection.js';
export * from './usage-queries.js';
export * from './usage-tables.js';
export { INVOICES_PROJECTION, invoicesProjection } from './invoices-projection.js';
export * from './invoices-queries.js';
