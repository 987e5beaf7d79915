import { isPublicTenancyEventType, tenancyEventSchemaVersions, validateTenancyEvent } from './validate.js';

describe('tenancy contracts', () => {
  it('accepts well-formed events, with optional fields absent', () => {
    expect(validateTenancyEvent({ type: 'OrganizationUpdated', data: { organizationId: 'o', name: 'Acme', updatedBy: 'u', updatedAt: 'x' } })).toEqual([]);
    expect(
      validateTenancyEvent({ type: 'TeamUpdated', data: { teamId: 't', organizationId: 'o', description: null, updatedBy: 'u', updatedAt: 'x' } }),
    ).toEqual([]);
    const invited = { organizationId: 'o', invitationId: 'i', email: 'a@example.com', role: 'member', expiresAt: 'x', invitedBy: 'u', invitedAt: 'x' };
    expect(validateTenancyEvent({ type: 'MemberInvited', data: invited })).toEqual([]);
  });

  it('refuses an invitation token or its hash, and missing tenants', () => {
    const invited = {
      organizationId: 'o',
      invitationId: 'i',
      email: 'a@example.com',
      role: 'member',
      tokenHash: 'h',
      expiresAt: 'x',
      invitedBy: 'u',
      invitedAt: 'x',
      token: 'weft_inv_...',
    };
    expect(validateTenancyEvent({ type: 'MemberInvited', data: invited })).toEqual([
      'tokenHash is not part of the contract',
      'token is not part of the contract',
    ]);
    expect(validateTenancyEvent({ type: 'TeamDeleted', data: { teamId: 't', deletedBy: 'u', deletedAt: 'x' } })).toEqual(['organizationId must be string']);
  });

  it('versions every public event type and knows no others', () => {
    expect(Object.keys(tenancyEventSchemaVersions)).toHaveLength(12);
    for (const type of Object.keys(tenancyEventSchemaVersions)) expect(isPublicTenancyEventType(type)).toBe(true);
    expect(validateTenancyEvent({ type: 'OrganizationDeleted', data: {} })).toEqual(['OrganizationDeleted is not a public tenancy event']);
  });
});
