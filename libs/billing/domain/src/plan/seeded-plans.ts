import { type PlanTerms } from './plan-terms.js';

// The plans every installation starts with (added by the platform at start if their
// slug was never used; a super admin changes or retires them like any other). Prices in
// cents of US dollars per month; limits by the reference names, null = unlimited.

const limits = (workflows: number, executions: number, members: number, credentials: number, storageGb: number, apiCalls: number) => ({
  workflows,
  executions_per_month: executions,
  team_members: members,
  credentials,
  storage_gb: storageGb,
  api_calls_per_hour: apiCalls,
});

const monthly = { currency: 'usd', interval: 'month', intervalCount: 1 } as const;

export const SEEDED_PLANS: readonly (PlanTerms & { readonly slug: string })[] = [
  {
    slug: 'free',
    name: 'Free',
    description: 'For trying Weft out: a few workflows and a thousand runs a month.',
    price: 0,
    ...monthly,
    trialDays: 0,
    features: ['Webhook, schedule and manual triggers', 'Community support'],
    limits: limits(5, 1_000, 2, 5, 1, 1_000),
    sortOrder: 0,
  },
  {
    slug: 'starter',
    name: 'Starter',
    description: 'For a small team automating its first processes.',
    price: 2_900,
    ...monthly,
    trialDays: 14,
    features: ['Everything in Free', 'Execution retention settings', 'Email support'],
    limits: limits(20, 10_000, 5, 25, 5, 5_000),
    sortOrder: 10,
  },
  {
    slug: 'pro',
    name: 'Pro',
    description: 'For teams that run their business on workflows.',
    price: 9_900,
    ...monthly,
    trialDays: 14,
    features: ['Everything in Starter', 'Teams', 'Audit log', 'Priority support'],
    limits: limits(100, 100_000, 20, 100, 50, 20_000),
    sortOrder: 20,
  },
  {
    slug: 'enterprise',
    name: 'Enterprise',
    description: 'No limits, a support contract and invoicing terms of your own.',
    price: 49_900,
    ...monthly,
    trialDays: 30,
    features: ['Everything in Pro', 'Unlimited usage', 'Dedicated support'],
    limits: { workflows: null, executions_per_month: null, team_members: null, credentials: null, storage_gb: null, api_calls_per_hour: null },
    sortOrder: 30,
  },
];
