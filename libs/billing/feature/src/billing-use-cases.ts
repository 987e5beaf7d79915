import { AddPlanController } from './add-plan/add-plan.controller.js';
import { CancelSubscriptionController } from './cancel-subscription/cancel-subscription.controller.js';
import { CancelSubscriptionHandler } from './cancel-subscription/cancel-subscription.handler.js';
import { ChangeSubscriptionPlanController } from './change-subscription-plan/change-subscription-plan.controller.js';
import { ChangeSubscriptionPlanHandler } from './change-subscription-plan/change-subscription-plan.handler.js';
import { GetSubscriptionController } from './get-subscription/get-subscription.controller.js';
import { GetSubscriptionHandler } from './get-subscription/get-subscription.handler.js';
import { GetInvoiceController } from './get-invoice/get-invoice.controller.js';
import { GetInvoiceHandler } from './get-invoice/get-invoice.handler.js';
import { ListInvoicesController } from './list-invoices/list-invoices.controller.js';
import { ListInvoicesHandler } from './list-invoices/list-invoices.handler.js';
import { PayInvoiceController } from './pay-invoice/pay-invoice.controller.js';
import { PayInvoiceHandler } from './pay-invoice/pay-invoice.handler.js';
import { GetUsageController } from './get-usage/get-usage.controller.js';
import { GetUsageHandler } from './get-usage/get-usage.handler.js';
import { AddPlanHandler } from './add-plan/add-plan.handler.js';
import { ChangePlanController } from './change-plan/change-plan.controller.js';
import { ChangePlanHandler } from './change-plan/change-plan.handler.js';
import { ListPlansController } from './list-plans/list-plans.controller.js';
import { ListPlansHandler } from './list-plans/list-plans.handler.js';
import { ReceiveStripeEventController } from './receive-stripe-event/receive-stripe-event.controller.js';
import { ReceiveStripeEventHandler } from './receive-stripe-event/receive-stripe-event.handler.js';
import { RetirePlanController } from './retire-plan/retire-plan.controller.js';
import { RetirePlanHandler } from './retire-plan/retire-plan.handler.js';

// Every use case of billing over HTTP: its controller (HTTP → command or query) and its handler.

export const billingControllers = [
  ListPlansController,
  AddPlanController,
  ChangePlanController,
  RetirePlanController,
  GetSubscriptionController,
  ChangeSubscriptionPlanController,
  CancelSubscriptionController,
  GetUsageController,
  ListInvoicesController,
  GetInvoiceController,
  PayInvoiceController,
  ReceiveStripeEventController,
];

export const billingHandlers = [
  ListPlansHandler,
  AddPlanHandler,
  ChangePlanHandler,
  RetirePlanHandler,
  GetSubscriptionHandler,
  ChangeSubscriptionPlanHandler,
  CancelSubscriptionHandler,
  GetUsageHandler,
  ListInvoicesHandler,
  GetInvoiceHandler,
  PayInvoiceHandler,
  ReceiveStripeEventHandler,
];
