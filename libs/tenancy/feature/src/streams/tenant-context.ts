import { type CommandContext, type TenantContext, UserError } from '@weft/kernel';

/** A request's context whose actor is a user (API keys neither create organizations nor accept invitations). */
export interface UserContext extends CommandContext {
  readonly actor: { readonly type: 'user'; readonly id: string };
}

/** The context of an authenticated route (`@Authenticated`) for a command only users issue. */
export function userContextOf(context: CommandContext, refusal: string): UserContext {
  const { actor } = context;
  if (actor?.type !== 'user') throw new UserError('forbidden', 'organization.user_only', refusal);
  return { ...context, actor: { type: 'user', id: actor.id } };
}

/** A user's command in an organization the route did not name (the one being created, the invitation's). */
export const inOrganization = (context: UserContext, organizationId: string): TenantContext => ({ ...context, organizationId });
