import { type DynamicModule, Module } from '@nestjs/common';
import { MEMBERSHIPS } from '@weft/nest';
import { MembersController } from './members/members.controller.js';
import { ReadModelMembershipDirectory } from './membership-directory.js';
import { OrganizationsController } from './organizations/organizations.controller.js';
import { Organizations } from './organizations/organizations.service.js';
import { TeamsController } from './teams/teams.controller.js';
import { TenancyCommands } from './tenancy-commands.js';
import { type TenancyConfig } from './tenancy-config.js';
import { TENANCY_CONFIG } from './tenancy.tokens.js';

export interface TenancyModuleOptions {
  readonly config: TenancyConfig;
}

/**
 * The tenancy context over HTTP: organizations, members, invitations and teams. Provides
 * the access guard's `MEMBERSHIPS`. Needs `EVENT_STORE`, `Database` and `ReadYourWrites`
 * from the process, and the tenancy projection registered with the ProjectionsModule.
 */
@Module({})
export class TenancyModule {
  static forRoot({ config }: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyModule,
      controllers: [OrganizationsController, MembersController, TeamsController],
      providers: [{ provide: TENANCY_CONFIG, useValue: config }, TenancyCommands, Organizations, ReadModelMembershipDirectory, { provide: MEMBERSHIPS, useExisting: ReadModelMembershipDirectory }],
      exports: [MEMBERSHIPS],
    };
  }
}
