import type * as contracts from '@weft/contracts';
import { validateTenancyEvent } from '@weft/contracts';
import type * as domain from '@weft/tenancy-domain';
import { type EventData, type Same } from '@weft/testing';

// The tenancy aggregates' events and their public contracts must stay mutually
// assignable (same fields, same types); MemberInvited is published without its token
// hash. A drift is a compile error here (the type check runs in CI).
const inSync: {
  created: Same<EventData<domain.OrganizationEvent, 'OrganizationCreated'>, contracts.OrganizationCreatedData>;
  updated: Same<EventData<domain.OrganizationEvent, 'OrganizationUpdated'>, contracts.OrganizationUpdatedData>;
  invited: Same<Omit<EventData<domain.OrganizationEvent, 'MemberInvited'>, 'tokenHash'>, contracts.MemberInvitedData>;
  accepted: Same<EventData<domain.OrganizationEvent, 'InvitationAccepted'>, contracts.InvitationAcceptedData>;
  revoked: Same<EventData<domain.OrganizationEvent, 'InvitationRevoked'>, contracts.InvitationRevokedData>;
  roleChanged: Same<EventData<domain.OrganizationEvent, 'MemberRoleChanged'>, contracts.MemberRoleChangedData>;
  removed: Same<EventData<domain.OrganizationEvent, 'MemberRemoved'>, contracts.MemberRemovedData>;
  teamCreated: Same<EventData<domain.TeamEvent, 'TeamCreated'>, contracts.TeamCreatedData>;
  teamUpdated: Same<EventData<domain.TeamEvent, 'TeamUpdated'>, contracts.TeamUpdatedData>;
  teamDeleted: Same<EventData<domain.TeamEvent, 'TeamDeleted'>, contracts.TeamDeletedData>;
  teamMemberAdded: Same<EventData<domain.TeamEvent, 'TeamMemberAdded'>, contracts.TeamMemberAddedData>;
  teamMemberRemoved: Same<EventData<domain.TeamEvent, 'TeamMemberRemoved'>, contracts.TeamMemberRemovedData>;
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
    const stored = {
      type: 'MemberInvited',
      data: {
        organizationId: 'o',
        invitationId: 'i',
        email: 'a@example.com',
        role: 'member',
        tokenHash: 'a'.repeat(64),
        expiresAt: 'x',
        invitedBy: 'u',
        invitedAt: 'x',
      },
    };
    expect(validateTenancyEvent(publishedForm(stored)!)).toEqual([]);
  });
});
