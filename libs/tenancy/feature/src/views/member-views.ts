import { UserError } from '@weft/kernel';
import { type UserDirectory, type UserSummary } from '@weft/ports';
import { type TenantReadSource, withTenant } from '@weft/postgres';
import { type OrganizationMember, type TeamMember, findMember } from '@weft/read-model-tenancy';

/** A membership with the user's name and email as identity knows them (`null` for a user identity does not know). */
export type WithUser<M extends { readonly userId: string }> = { readonly userId: string; readonly name: string | null; readonly email: string | null } & Omit<
  M,
  'userId'
>;

export type MemberView = WithUser<OrganizationMember>;
export type TeamMemberView = WithUser<TeamMember>;

export const memberNotFound = () => new UserError('not_found', 'organization.member_not_found', 'No such member.');

const named = <M extends { readonly userId: string }>(known: ReadonlyMap<string, UserSummary>, { userId, ...rest }: M): WithUser<M> => {
  const user = known.get(userId);
  return { userId, name: user?.name ?? null, email: user?.email ?? null, ...rest };
};

/**
 * Names and emails are identity's: tenancy asks its `USER_DIRECTORY` port once for a
 * whole page instead of joining identity's table.
 */
export async function withUsers<M extends { readonly userId: string }>(users: UserDirectory, members: readonly M[]): Promise<WithUser<M>[]> {
  if (members.length === 0) return [];
  const known = await users.usersByIds(members.map((member) => member.userId));
  return members.map((member) => named(known, member));
}

/** One member of the organization with name and email, or 404 `organization.member_not_found`. */
export async function requireMember(db: TenantReadSource, users: UserDirectory, organizationId: string, userId: string): Promise<MemberView> {
  const member = await withTenant(db, organizationId, (tx) => findMember(tx, userId));
  if (member === undefined) throw memberNotFound();
  return named(await users.usersByIds([member.userId]), member);
}
