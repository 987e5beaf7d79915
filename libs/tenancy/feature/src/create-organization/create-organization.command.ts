import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type OrganizationView } from '@weft/read-model-tenancy';

export interface CreateOrganizationInput {
  readonly name: string;
  /** Generated from the name when absent. */
  readonly slug?: string;
  readonly description?: string;
}

/** A user creates an organization and becomes its owner; it starts on trial. */
export class CreateOrganizationCommand extends Command<OrganizationView> {
  constructor(
    readonly context: CommandContext,
    readonly input: CreateOrganizationInput,
  ) {
    super();
  }
}
