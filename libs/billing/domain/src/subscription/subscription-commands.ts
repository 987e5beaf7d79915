import { type ActorCommand, type OrganizationCommand, type TenantCommand } from '@weft/kernel';
import { type SubscribedPlan } from './subscription-events.js';

/** When the organization is created (billing reads tenancy's OrganizationCreated): a trial of the trial plan until `trialEndsAt`. */
export type StartTrial = OrganizationCommand<'StartTrial', SubscribedPlan & { readonly trialEndsAt: string }>;
/** An owner or admin picks a plan (the plan's current terms); also withdraws a scheduled cancellation. */
export type ChangeSubscriptionPlan = TenantCommand<'ChangeSubscriptionPlan', SubscribedPlan>;
export type CancelSubscription = TenantCommand<'CancelSubscription', Record<string, never>>;
/** The subscription clock (a job): whatever is due at `metadata.now` (trial end, period ends, the end of a canceled one). */
export type AdvanceSubscription = ActorCommand<'AdvanceSubscription', Record<string, never>> &
  OrganizationCommand<'AdvanceSubscription', Record<string, never>>;

/** Dunning (the invoice job): an invoice's payment failed (`final`: its last attempt), or it was paid. */
export type RecordInvoiceCollection = ActorCommand<
  'RecordInvoiceCollection',
  { readonly invoiceId: string; readonly outcome: 'failed' | 'final_failure' | 'paid' }
> &
  OrganizationCommand<'RecordInvoiceCollection', { readonly invoiceId: string; readonly outcome: 'failed' | 'final_failure' | 'paid' }>;

export type SubscriptionCommand = StartTrial | ChangeSubscriptionPlan | CancelSubscription | AdvanceSubscription | RecordInvoiceCollection;
