import { type DynamicModule, Module } from '@nestjs/common';
import { MEMBERSHIPS, PLAN_LIMITS } from '@weft/nest';
import { MembersController } from './members/members.controller.js';
import { ReadModelMembershipDirectory } from './membership-directory.js';
import { OrganizationPlanLimits } from './organization-plan-limits.js';
import { OrganizationsController } from './organizations/organizations.controller.js';
import { Organizations } from './organizations/organizations.service.js';
import { TeamsController } from './teams/teams.controller.js';
import { TenancyCommands } from './tenancy-commands.js';
import { type TenancyConfig } from './tenancy-config.js';
import { TENANCY_CONFIG } from './tenancy.tokens.js';

/** The ports tenancy gives every process: memberships for the access guard, plan limits from organization settings. */
const portProviders = [ReadModelMembershipDirectory, { provide: MEMBERSHIPS, useExisting: ReadModelMembershipDirectory }, OrganizationPlanLimits, { provide: PLAN_LIMITS, useExisting: OrganizationPlanLimits }];

export interface TenancyModuleOptions {
  readonly config: TenancyConfig;
}

/**
 * The tenancy context over HTTP: organizations, members, invitations and teams. Provides
 * the access guard's `MEMBERSHIPS`, and `PLAN_LIMITS` from organization settings until billing does. Needs `EVENT_STORE`, `Database` and `ReadYourWrites`
 * from the process, and the tenancy projection registered with the ProjectionsModule.
 */
@Module({})
export class TenancyModule {
  static forRoot({ config }: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyModule,
      // Global: MEMBERSHIPS and PLAN_LIMITS are ports every context's guard and services use.
      global: true,
      controllers: [OrganizationsController, MembersController, TeamsController],
      providers: [{ provide: TENANCY_CONFIG, useValue: config }, TenancyCommands, Organizations, ...portProviders],
      exports: [MEMBERSHIPS, PLAN_LIMITS],
    };
  }
}

/**
 * Tenancy's ports for the processes that do not serve it (the distributed gateway and
 * services): `MEMBERSHIPS` and `PLAN_LIMITS` from the tenancy read model, no routes.
 */
@Module({})
export class TenancyPortsModule {
  static forRoot({ config }: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyPortsModule,
      global: true,
      providers: [{ provide: TENANCY_CONFIG, useValue: config }, ...portProviders],
      exports: [MEMBERSHIPS, PLAN_LIMITS],
    };
  }
}
