import { DeciderSpecification, UserError } from '@weft/kernel';
import { organizationDecider } from './organization-decider.js';
import { type OrganizationCommand } from './organization-commands.js';
import { type OrganizationEvent } from './organization-events.js';
import { DEFAULT_ORGANIZATION_SETTINGS } from '../settings.js';
import { admin, at, auditor, command, created, member, now, orgId, owner, staffed } from './organization-fixtures.js';

const spec = DeciderSpecification.for(organizationDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const create = (data: Partial<Extract<OrganizationCommand, { type: 'CreateOrganization' }>['data']> = {}) =>
  command('CreateOrganization', { name: ' Acme ', slug: 'acme', trialDays: 14, ...data }, owner);

describe('Organization: creation', () => {
  it('creates the organization in trial, the actor as owner, with default settings', () => {
    spec
      .given([])
      .when(create())
      .then([
        {
          type: 'OrganizationCreated',
          data: {
            organizationId: orgId,
            name: 'Acme',
            slug: 'acme',
            description: null,
            ownerId: owner,
            settings: DEFAULT_ORGANIZATION_SETTINGS,
            subscriptionStatus: 'trial',
            trialStartedAt: at,
            trialEndsAt: '2026-12-13T10:00:00.000Z',
            isActive: true,
            createdAt: at,
          },
        },
      ]);
  });

  it('takes preferences and the plan’s entitlements', () => {
    const [event] = spec
      .given([])
      .when(create({ preferences: { timezone: 'Europe/Paris' }, entitlements: { limits: { maxWorkflows: 5 }, features: { sso: false } } }))
      .events();
    expect(event?.type === 'OrganizationCreated' && event.data.settings).toEqual({
      ...DEFAULT_ORGANIZATION_SETTINGS,
      timezone: 'Europe/Paris',
      limits: { maxWorkflows: 5 },
      features: { sso: false },
    });
  });

  it('refuses a bad slug, name, trial or settings, and a second creation', () => {
    spec
      .given([])
      .when(create({ slug: 'Acme Corp' }))
      .thenThrows(withCode('organization.slug_invalid'));
    spec
      .given([])
      .when(create({ name: '' }))
      .thenThrows(withCode('organization.name_invalid'));
    spec
      .given([])
      .when(create({ trialDays: -1 }))
      .thenThrows(withCode('organization.trial_invalid'));
    spec
      .given([])
      .when(create({ trialDays: 1.5 }))
      .thenThrows(withCode('organization.trial_invalid'));
    spec
      .given([])
      .when(create({ preferences: { timezone: 'Nowhere/Land' } }))
      .thenThrows(withCode('organization.settings_invalid'));
    spec.given([created]).when(create()).thenThrows(withCode('organization.exists'));
  });

  it('reports a missing organization, or one of another tenant, as not found', () => {
    spec
      .given([])
      .when(command('UpdateOrganization', { name: 'X' }, owner))
      .thenThrows(withCode('organization.not_found'));
    const otherTenant = { ...command('UpdateOrganization', { name: 'X' }, owner), metadata: { commandId: 'c', now, organizationId: 'org-2', actorId: owner } };
    spec.given([created]).when(otherTenant).thenThrows(withCode('organization.not_found'));
  });
});

describe('Organization: updates', () => {
  it('lets owners and admins change name, description and preferences, recording only changes', () => {
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { name: 'Acme', description: ' Rockets ', preferences: { theme: 'dark' } }, admin))
      .then([
        {
          type: 'OrganizationUpdated',
          data: {
            organizationId: orgId,
            description: 'Rockets',
            settings: { ...DEFAULT_ORGANIZATION_SETTINGS, theme: 'dark' },
            updatedBy: admin,
            updatedAt: at,
          },
        },
      ]);
  });

  it('decides nothing when nothing changes', () => {
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { name: 'Acme', preferences: { theme: 'system' } }, owner))
      .then([]);
  });

  it('refuses members, auditors and strangers', () => {
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { name: 'X' }, member))
      .thenThrows(withCode('organization.permission_denied'));
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { name: 'X' }, auditor))
      .thenThrows(withCode('organization.permission_denied'));
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { name: 'X' }, 'user-stranger'))
      .thenThrows(withCode('organization.not_member'));
  });

  it('refuses invalid preferences with field errors', () => {
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { preferences: { language: 'klingon!' } }, owner))
      .thenThrows((error) => error instanceof UserError && error.details.errors?.[0]?.field === 'settings.language');
  });

  it('sets the retention against the current settings: logs no longer than executions, null back to the default', () => {
    const retained: OrganizationEvent = {
      type: 'OrganizationUpdated',
      data: {
        organizationId: orgId,
        settings: { ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 30, executionLogRetentionDays: 7 },
        updatedBy: owner,
        updatedAt: at,
      },
    };
    spec
      .given(staffed)
      .when(command('UpdateOrganization', { preferences: { executionRetentionDays: 30, executionLogRetentionDays: 7 } }, owner))
      .then([retained]);
    spec
      .given([...staffed, retained])
      .when(command('UpdateOrganization', { preferences: { executionLogRetentionDays: 60 } }, admin))
      .thenThrows(withCode('organization.retention_invalid'));
    spec
      .given([...staffed, retained])
      .when(command('UpdateOrganization', { preferences: { executionRetentionDays: null } }, owner))
      .then([
        {
          type: 'OrganizationUpdated',
          data: { organizationId: orgId, settings: { ...DEFAULT_ORGANIZATION_SETTINGS, executionLogRetentionDays: 7 }, updatedBy: owner, updatedAt: at },
        },
      ]);
  });

  it('applies the plan’s entitlements (billing’s command) and validates them', () => {
    const updated: OrganizationEvent = {
      type: 'OrganizationUpdated',
      data: { organizationId: orgId, settings: { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { maxWorkflows: 50 } }, updatedBy: 'system:billing', updatedAt: at },
    };
    spec
      .given([created])
      .when(command('ApplyEntitlements', { limits: { maxWorkflows: 50 } }, 'system:billing'))
      .then([updated]);
    spec
      .given([created, updated])
      .when(command('ApplyEntitlements', { limits: { maxWorkflows: 50 } }, 'system:billing'))
      .then([]);
    spec
      .given([created])
      .when(command('ApplyEntitlements', { limits: { maxWorkflows: -5 } }, 'system:billing'))
      .thenThrows(withCode('organization.settings_invalid'));
  });
});
