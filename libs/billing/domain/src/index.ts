export * from './plan/plan-terms.js';
export { type PlanAdded, type PlanChanged, type PlanEvent, type PlanRetired } from './plan/plan-events.js';
export { type AddPlan, type ChangePlan, type PlanCommand, type RetirePlan } from './plan/plan-commands.js';
export { type PlanState, decidePlan, evolvePlan, initialPlanState, planDecider } from './plan/plan-decider.js';
export { SEEDED_PLANS } from './plan/seeded-plans.js';
export { periodEnd, prorate } from './subscription/billing-period.js';
export * from './subscription/subscription-events.js';
export * from './subscription/subscription-commands.js';
export * from './subscription/subscription-state.js';
export { decideSubscription, subscriptionDecider } from './subscription/subscription-decider.js';
export * from './payment/payment-provider.js';
export * from './payment/provider-event.js';
export * from './invoice/invoice-events.js';
export * from './invoice/invoice-commands.js';
export {
  INVOICE_STATUSES,
  type InvoiceState,
  type InvoiceStatus,
  decideInvoice,
  evolveInvoice,
  initialInvoiceState,
  invoiceDecider,
} from './invoice/invoice-decider.js';
export { type InvoiceNumberingState, invoiceNumber, invoiceNumberingDecider } from './invoice/invoice-numbering.js';
export { type InvoicePlan, invoiceIdOf, invoicePlans } from './invoice/invoice-schedule.js';
