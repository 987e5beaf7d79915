import { SYSTEM_ACTOR } from '@weft/kernel';
import { type OrganizationContext } from '../runner/execution-store.js';

/**
 * The context of the platform's own commands about one execution (schedules, automatic
 * retries, error workflows, recovery, timed resumes): the kernel's `SYSTEM_ACTOR`, the
 * execution's organization, and the execution as the correlation, so its events say
 * which run they belong to. The domain records such commands as nobody's
 * (`recordedActorOf`). A run's own progress (the runner's commands) carries no actor at
 * all: those are written for every run, and absent facts take no bytes.
 */
export function platformContext(organizationId: string, executionId: string): OrganizationContext {
  return { actor: SYSTEM_ACTOR, organizationId, correlationId: executionId };
}
