import { type DynamicModule, Module } from '@nestjs/common';
import { APPLICATION_BUSES } from '@weft/nest';
import { MEMBERSHIPS, ORGANIZATION_DIRECTORY, ORGANIZATION_RETENTION, PLAN_LIMITS } from '@weft/ports';
import { ReadModelMembershipDirectory } from './ports/membership-directory.js';
import { ReadModelOrganizationDirectory } from './ports/organization-directory.js';
import { OrganizationPlanLimits } from './ports/organization-plan-limits.js';
import { ReadModelOrganizationRetention } from './ports/organization-retention.js';
import { PlanRoom } from './limits/plan-room.js';
import { SlugClaims } from './slugs/slug-claims.js';
import { TenancyStreams } from './streams/tenancy-streams.js';
import { type TenancyConfig } from './tenancy-config.js';
import { tenancyControllers, tenancyHandlers } from './tenancy-use-cases.js';
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
 * The tenancy context over HTTP: organizations, members, invitations and teams, one
 * folder per use case (controller → `CommandBus`/`QueryBus` → handler). Provides the
 * access guard's `MEMBERSHIPS`, `PLAN_LIMITS` from organization settings until billing
 * does, `ORGANIZATION_RETENTION` (organizations' own retention) for the execution
 * context's retention job, and `ORGANIZATION_DIRECTORY`. Needs `EVENT_STORE`, `Database`,
 * `ReadYourWrites` and identity's `USER_DIRECTORY` from the process, and the tenancy
 * projection registered with the ProjectionsModule.
 */
@Module({})
export class TenancyModule {
  static forRoot({ config }: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyModule,
      imports: [APPLICATION_BUSES],
      // Global: MEMBERSHIPS, PLAN_LIMITS and ORGANIZATION_RETENTION are ports every context's guard and services use.
      global: true,
      controllers: tenancyControllers,
      providers: [{ provide: TENANCY_CONFIG, useValue: config }, TenancyStreams, SlugClaims, PlanRoom, ...tenancyHandlers, ...portProviders],
      exports: portTokens,
    };
  }
}

/**
 * Tenancy's ports for the processes that do not serve it (the distributed gateway and
 * services, the worker): `MEMBERSHIPS`, `PLAN_LIMITS`, `ORGANIZATION_RETENTION` and
 * `ORGANIZATION_DIRECTORY` from the tenancy read model, no routes.
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
