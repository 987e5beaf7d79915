import { type OrganizationRole } from '@weft/kernel';

// What one context tells the others about its own records, as ports: a context never
// reads another context's tables (docs/architecture.md, "Contexts and what they own").
// The owning context provides each port in every process (identity: IdentityAccessModule
// and IdentityEdgeModule; tenancy: TenancyModule and TenancyPortsModule).

/** A user as other contexts may show them (member lists, invitations). */
export interface UserSummary {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly emailVerified: boolean;
}

/** Identity's users, by id: unknown ids are absent from the answer. */
export interface UserDirectory {
  usersByIds(userIds: readonly string[]): Promise<ReadonlyMap<string, UserSummary>>;
}
export const USER_DIRECTORY = Symbol('UserDirectory');

/** An organization a user belongs to, with their role in it. */
export interface OrganizationMembership {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly role: OrganizationRole;
}

/** Tenancy's organizations and teams, as other contexts need them. */
export interface OrganizationDirectory {
  /** The user's organizations, by name. */
  organizationsOf(userId: string): Promise<OrganizationMembership[]>;
  /** Whether `teamId` is a team of the organization (deleted teams are not). */
  hasTeam(organizationId: string, teamId: string): Promise<boolean>;
}
export const ORGANIZATION_DIRECTORY = Symbol('OrganizationDirectory');
