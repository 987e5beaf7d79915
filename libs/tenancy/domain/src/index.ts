export * from './roles.js';
export * from './slug.js';
export * from './settings.js';
export { type TenantCommand } from '@weft/kernel';
export * from './organization/organization-events.js';
export * from './organization/organization-commands.js';
export * from './organization/organization-state.js';
export { INVITATION_MAX_TTL_MS } from './organization/organization-membership.js';
export {
  MAX_TRIAL_DAYS,
  ORGANIZATION_DESCRIPTION_MAX_LENGTH,
  ORGANIZATION_NAME_MAX_LENGTH,
  decideOrganization,
  organizationDecider,
} from './organization/organization-decider.js';
export * from './team/team-events.js';
export * from './team/team-commands.js';
export * from './team/team-state.js';
export {
  DEFAULT_TEAM_COLOR,
  TEAM_DESCRIPTION_MAX_LENGTH,
  TEAM_NAME_MAX_LENGTH,
  TEAM_SETTINGS_MAX_BYTES,
  decideTeam,
  teamDecider,
} from './team/team-decider.js';
export * from './slug-reservation.js';
