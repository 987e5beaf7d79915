import { type TenantContext } from '@weft/kernel';
import { Command } from '@nestjs/cqrs';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { type OrganizationPreferences } from '@weft/tenancy-domain';

export interface UpdateOrganizationInput {
  readonly name?: string;
  readonly description?: string | null;
  /** The preferences part of `settings`; limits and features come from billing only. */
  readonly settings?: OrganizationPreferences;
}

/** Owners and admins change the name, description and preferences. */
export class UpdateOrganizationCommand extends Command<OrganizationView> {
  constructor(
    readonly context: TenantContext,
    readonly input: UpdateOrganizationInput,
  ) {
    super();
  }
}
