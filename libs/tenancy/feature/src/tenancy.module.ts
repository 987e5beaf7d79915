import { type DynamicModule, Module } from '@nestjs/common';
import { MEMBERSHIPS, ORGANIZATION_DIRECTORY, ORGANIZATION_RETENTION, PLAN_LIMITS } from '@weft/nest';
import { MembersController } from './members/members.controller.js';
import { ReadModelMembershipDirectory } from './membership-directory.js';
import { ReadModelOrganizationDirectory } from './organization-directory.js';
import { OrganizationPlanLimits } from './organization-plan-limits.js';
import { ReadModelOrganizationRetention } from './organization-retention.js';
import { OrganizationsController } from './organizations/organizations.controller.js';
import { Organizations } from './organizations/organizations.service.js';
import { TeamsController } from './teams/teams.controller.js';
import { TenancyCommands } from './tenancy-commands.js';
import { type TenancyConfig } from './tenancy-config.js';
import { TENANCY_CONFIG } from './tenancy.tokens.js';

/** The ports tenancy gives every process: memberships for the access guard, plan limits and retention from organization settings, its organizations and teams. */
const portProviders = [
  ReadModelMembershipDirectory,
  { provide: MEMBERSHIPS, useExisting: ReadModelMembershipDirectory },
  OrganizationPlanLimits,
  { provide: PLAN_LIMITS, useExisting: OrganizationPlanLimits },
  ReadModelOrganizationRetention,
  { provide: ORGANIZATION_RETENTION, useExisting: ReadModelOrganizationRetention },
  ReadModelOrganizationDirectory,
  { provide: ORGANIZATION_DIRECTORY, useExisting: ReadModelOrganizationDirectory },
];
const portTokens = [MEMBERSHIPS, PLAN_LIMITS, ORGANIZATION_RETENTION, ORGANIZATION_DIRECTORY];

export interface TenancyModuleOptions {
  readonly config: TenancyConfig;
}

/**
 * The tenancy context over HTTP: organizations, members, invitations and teams. Provides
 * the access guard's `MEMBERSHIPS`, `PLAN_LIMITS` from organization settings until billing does, and
 * `ORGANIZATION_RETENTION` (organizations' own retention) for the execution context's retention job. Needs `EVENT_STORE`, `Database` and `ReadYourWrites`
 * from the process, and the tenancy projection registered with the ProjectionsModule.
 */
@Module({})
export class TenancyModule {
  static forRoot({ config }: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyModule,
      // Global: MEMBERSHIPS, PLAN_LIMITS and ORGANIZATION_RETENTION are ports every context's guard and services use.
      global: true,
      controllers: [OrganizationsController, MembersController, TeamsController],
      providers: [{ provide: TENANCY_CONFIG, useValue: config }, TenancyCommands, Organizations, ...portProviders],
      exports: portTokens,
    };
  }
}

/**
 * Tenancy's ports for the processes that do not serve it (the distributed gateway and
 * services, the worker): `MEMBERSHIPS`, `PLAN_LIMITS` and `ORGANIZATION_RETENTION` from the
 * tenancy read model, no routes.
 */
@Module({})
export class TenancyPortsModule {
  static forRoot({ config }: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyPortsModule,
      global: true,
      providers: [{ provide: TENANCY_CONFIG, useValue: config }, ...portProviders],
      exports: portTokens,
    };
  }
}
