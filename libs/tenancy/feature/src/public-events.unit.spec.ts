import type * as contracts from '@weft/contracts';
import { validateTenancyEvent } from '@weft/contracts';
import type * as domain from '@weft/tenancy-domain';

// The tenancy aggregates' events and their public contracts must stay mutually
// assignable (same fields, same types); MemberInvited is published without its token
// hash. A drift is a compile error here (the type check runs in CI).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Data<E extends { type: string; data: unknown }, T extends string> = Extract<E, { type: T }>['data'];
const inSync: {
  created: Same<Data<domain.OrganizationEvent, 'OrganizationCreated'>, contracts.OrganizationCreatedData>;
  updated: Same<Data<domain.OrganizationEvent, 'OrganizationUpdated'>, contracts.OrganizationUpdatedData>;
  invited: Same<Omit<Data<domain.OrganizationEvent, 'MemberInvited'>, 'tokenHash'>, contracts.MemberInvitedData>;
  accepted: Same<Data<domain.OrganizationEvent, 'InvitationAccepted'>, contracts.InvitationAcceptedData>;
  revoked: Same<Data<domain.OrganizationEvent, 'InvitationRevoked'>, contracts.InvitationRevokedData>;
  roleChanged: Same<Data<domain.OrganizationEvent, 'MemberRoleChanged'>, contracts.MemberRoleChangedData>;
  removed: Same<Data<domain.OrganizationEvent, 'MemberRemoved'>, contracts.MemberRemovedData>;
  teamCreated: Same<Data<domain.TeamEvent, 'TeamCreated'>, contracts.TeamCreatedData>;
  teamUpdated: Same<Data<domain.TeamEvent, 'TeamUpdated'>, contracts.TeamUpdatedData>;
  teamDeleted: Same<Data<domain.TeamEvent, 'TeamDeleted'>, contracts.TeamDeletedData>;
  teamMemberAdded: Same<Data<domain.TeamEvent, 'TeamMemberAdded'>, contracts.TeamMemberAddedData>;
  teamMemberRemoved: Same<Data<domain.TeamEvent, 'TeamMemberRemoved'>, contracts.TeamMemberRemovedData>;
} = {
  created: true,
  updated: true,
  invited: true,
  accepted: true,
  revoked: true,
  roleChanged: true,
  removed: true,
  teamCreated: true,
  teamUpdated: true,
  teamDeleted: true,
  teamMemberAdded: true,
  teamMemberRemoved: true,
};

describe('tenancy public events', () => {
  it('match their contracts field for field (checked by the compiler)', () => {
    expect(Object.values(inSync).every(Boolean)).toBe(true);
  });

  it('publish an invitation in a form the contract validator accepts, without the token hash', async () => {
    const { publishedForm } = await import('@weft/contracts');
    const stored = { type: 'MemberInvited', data: { organizationId: 'o', invitationId: 'i', email: 'a@example.com', role: 'member', tokenHash: 'a'.repeat(64), expiresAt: 'x', invitedBy: 'u', invitedAt: 'x' } };
    expect(validateTenancyEvent(publishedForm(stored)!)).toEqual([]);
  });
});
