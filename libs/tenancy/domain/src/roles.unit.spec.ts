import { ORGANIZATION_ROLES, PERMISSIONS, can, isOrganizationRole, isTeamRole, permissionsOf, policy } from './roles.js';

describe('permission policy', () => {
  it('has exactly one entry per organization role', () => {
    expect(Object.keys(policy).sort()).toEqual([...ORGANIZATION_ROLES].sort());
  });

  it('gives owners and admins every permission', () => {
    for (const permission of PERMISSIONS) {
      expect(can('owner', permission)).toBe(true);
      expect(can('admin', permission)).toBe(true);
    }
  });

  it('lets members build and run workflows but manage nothing', () => {
    expect(permissionsOf('member')).toEqual(['workflow:read', 'workflow:write', 'workflow:execute', 'credential:read', 'member:read']);
  });

  it('makes auditors read-only, with the audit API', () => {
    expect(permissionsOf('auditor')).toEqual(['workflow:read', 'credential:read', 'member:read', 'billing:read', 'audit:read']);
    const writes = PERMISSIONS.filter((permission) => /:(write|execute|manage)$/.test(permission));
    expect(writes.length).toBeGreaterThan(0);
    for (const permission of writes) expect(can('auditor', permission)).toBe(false);
  });

  it('keeps audit and billing away from members', () => {
    expect(can('member', 'audit:read')).toBe(false);
    expect(can('member', 'billing:read')).toBe(false);
    expect(can('member', 'apikey:manage')).toBe(false);
  });

  it('recognises role names', () => {
    expect(isOrganizationRole('auditor')).toBe(true);
    expect(isOrganizationRole('root')).toBe(false);
    expect(isTeamRole('lead')).toBe(true);
    expect(isTeamRole('owner')).toBe(false);
  });
});
