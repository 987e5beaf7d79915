import { tenantMetadata } from '@weft/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '@weft/postgres';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { type UpdateOrganization } from '@weft/tenancy-domain';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { requireOrganization } from '../views/organization-view.js';
import { UpdateOrganizationCommand } from './update-organization.command.js';

/** Only the fields given change; the Organization aggregate checks the role and the settings (retention: 422). */
@CommandHandler(UpdateOrganizationCommand)
export class UpdateOrganizationHandler implements ICommandHandler<UpdateOrganizationCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(Database) private readonly db: Database,
  ) {}

  async execute({ context, input }: UpdateOrganizationCommand): Promise<OrganizationView> {
    const data: UpdateOrganization['data'] = {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.settings === undefined ? {} : { preferences: { ...input.settings } }),
    };
    await this.streams.organization({ type: 'UpdateOrganization', data, metadata: tenantMetadata(context) });
    return requireOrganization(this.db, context.organizationId);
  }
}
