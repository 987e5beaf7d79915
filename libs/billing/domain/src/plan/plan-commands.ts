import { type ActorCommand } from '@weft/kernel';
import { type PlanTermsInput } from './plan-terms.js';

/** By a super admin, or by the platform seeding its plans (actor `system`). */
export type AddPlan = ActorCommand<'AddPlan', { readonly slug: string; readonly terms: PlanTermsInput }>;
export type ChangePlan = ActorCommand<'ChangePlan', { readonly terms: PlanTermsInput }>;
export type RetirePlan = ActorCommand<'RetirePlan', Record<string, never>>;

export type PlanCommand = AddPlan | ChangePlan | RetirePlan;
