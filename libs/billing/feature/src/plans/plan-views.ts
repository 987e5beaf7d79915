import { type PlanView } from '@weft/read-model-billing';

/** A plan as the public list shows it (api.md, Billing). */
export type PublicPlanView = Omit<PlanView, 'version' | 'isActive'>;

/** A plan as a super admin's add and change answer it: with its terms' version and whether it is offered. */
export type AdminPlanView = PlanView;

export function publicPlanView(plan: PlanView): PublicPlanView {
  const { version: _version, isActive: _isActive, ...view } = plan;
  return view;
}
